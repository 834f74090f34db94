package org.cityops.roads;

import static org.assertj.core.api.Assertions.assertThat;

import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;

class NearestRoadTest {
  private static final RoadNetwork GRID = SyntheticRoads.demoCity();
  private static final NearestRoad ROADS = new NearestRoad(GRID);

  @Test
  void aReportBesideAStreetFindsItsStretchWhicheverWayItIsDriven() {
    Segment s = GRID.segment("101:59-60");
    GeoPoint middle = s.pointAt(0.5);
    // 20 m north of the middle of the stretch
    GeoPoint beside = new GeoPoint(middle.lat() + 20 / 111_195.0, middle.lon());
    Segment found = ROADS.nearest(beside, 60);
    assertThat(NearestRoad.stretchOf(found)).isEqualTo("101:59~60");
    assertThat(NearestRoad.stretchOf(GRID.segment("101:60-59"))).isEqualTo("101:59~60");
    assertThat(NearestRoad.distanceM(beside, s))
        .isCloseTo(20, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void farFromEveryRoadThereIsNone() {
    Segment s = GRID.segment("101:59-60");
    GeoPoint middle = s.pointAt(0.5);
    // 400 m north: between Avenida 2 and Avenida 3 (1.2 km apart), away from the streets too
    assertThat(ROADS.nearest(new GeoPoint(middle.lat() + 400 / 111_195.0, middle.lon()), 60))
        .isNull();
  }
}
