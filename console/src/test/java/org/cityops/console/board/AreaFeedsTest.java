package org.cityops.console.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cityops.console.board.AreaFeeds.AreaFeed;
import org.cityops.console.board.AreaFeeds.Status;
import org.cityops.events.GeoPoint;
import org.cityops.events.SensorKind;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneMap;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

class AreaFeedsTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();
  private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");

  /** Three squares of 0.01 degrees side by side, west to east, south-west corners given. */
  private static final ZoneMap AREAS =
      new ZoneMap(
          List.of(
              square("tijuca", "Tijuca", -22.94, -43.26),
              square("grajau", "Grajaú", -22.94, -43.25),
              square("andarai", "Andaraí", -22.94, -43.24)));

  private static Zone square(String id, String name, double south, double west) {
    double n = south + 0.01;
    double e = west + 0.01;
    return new Zone(
        id,
        name,
        GEOMETRY.createPolygon(
            new Coordinate[] {
              new Coordinate(west, south),
              new Coordinate(e, south),
              new Coordinate(e, n),
              new Coordinate(west, n),
              new Coordinate(west, south)
            }));
  }

  private static SensorView sensor(String id, double lat, double lon, Duration silentFor) {
    boolean stale = silentFor.compareTo(Duration.ofMinutes(30)) > 0;
    return new SensorView(
        id,
        SensorKind.RAIN_GAUGE,
        new GeoPoint(lat, lon),
        NOW.minus(silentFor),
        "0.0 mm",
        silentFor.toSeconds(),
        stale);
  }

  @Test
  void anAreaWhoseEverySensorIsSilentHasNoDataAndComesFirst() {
    List<AreaFeed> feeds =
        new AreaFeeds(AREAS)
            .judge(
                List.of(
                    // Tijuca: both silent, the newer 40 minutes ago
                    sensor("t1", -22.935, -43.255, Duration.ofMinutes(50)),
                    sensor("t2", -22.935, -43.252, Duration.ofMinutes(40)),
                    // Grajaú: one silent, one live
                    sensor("g1", -22.935, -43.245, Duration.ofMinutes(45)),
                    sensor("g2", -22.935, -43.242, Duration.ofMinutes(2)),
                    // outside every area, and silent: the per-sensor list's business
                    sensor("far", -22.80, -43.60, Duration.ofHours(3))),
                NOW);

    assertThat(feeds)
        .containsExactly(
            new AreaFeed(
                "tijuca", "Tijuca", Status.NO_DATA, 2, 2, NOW.minus(Duration.ofMinutes(40)), 2_400),
            new AreaFeed(
                "grajau", "Grajaú", Status.PARTIAL, 2, 1, NOW.minus(Duration.ofMinutes(2)), 0),
            new AreaFeed("andarai", "Andaraí", Status.NO_SENSORS, 0, 0, null, 0));
  }

  @Test
  void aSensorJustPastTheBorderCountsForTheAreaBesideIt() {
    // 0.002 degrees (about 200 m) south of Andaraí's southern edge
    List<AreaFeed> feeds =
        new AreaFeeds(AREAS)
            .judge(List.of(sensor("shore", -22.942, -43.235, Duration.ofMinutes(1))), NOW);
    assertThat(feeds.get(0).areaId()).isEqualTo("andarai");
    assertThat(feeds.get(0).status()).isEqualTo(Status.LIVE);
  }

  @Test
  void aSensorThatReportsAgainBringsItsAreaBack() {
    AreaFeeds areas = new AreaFeeds(AREAS);
    assertThat(
            areas.judge(List.of(sensor("t1", -22.935, -43.255, Duration.ofHours(2))), NOW).get(0))
        .extracting(AreaFeed::areaId, AreaFeed::status)
        .containsExactly("tijuca", Status.NO_DATA);
    assertThat(areas.judge(List.of(sensor("t1", -22.935, -43.255, Duration.ofSeconds(30))), NOW))
        .filteredOn(f -> f.areaId().equals("tijuca"))
        .extracting(AreaFeed::status)
        .containsExactly(Status.LIVE);
  }

  @Test
  void withNoSensorsAtAllEveryAreaSaysSoAndNoneClaimsNoData() {
    assertThat(new AreaFeeds(AREAS).judge(List.of(), NOW))
        .extracting(AreaFeed::status)
        .containsOnly(Status.NO_SENSORS)
        .hasSize(3);
  }
}
