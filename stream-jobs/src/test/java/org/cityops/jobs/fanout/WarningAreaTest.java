package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;
import org.junit.jupiter.api.Test;

class WarningAreaTest {
  /** A square neighbourhood about 2.2 km a side, north-east of the warning's center. */
  private static final List<GeoPoint> SQUARE =
      List.of(
          new GeoPoint(-22.90, -43.20),
          new GeoPoint(-22.90, -43.18),
          new GeoPoint(-22.92, -43.18),
          new GeoPoint(-22.92, -43.20),
          new GeoPoint(-22.90, -43.20));

  private static Subscription.Place neighbourhood() {
    return new Subscription.Place("Bairro", new GeoPoint(-22.91, -43.19), 1_600, "Bairro", SQUARE);
  }

  @Test
  void aCircleTouchesANeighbourhoodOnlyWhereItReachesIntoItsOutline() {
    GeoPoint west = new GeoPoint(-22.91, -43.21); // the square's west edge is ~1,025 m east
    assertThat(new WarningArea(west, 1_100).touches(neighbourhood())).isTrue();
    assertThat(new WarningArea(west, 950).touches(neighbourhood())).isFalse();
    // the circles around both meet, but the warning stops short of the outline's corner (757 m)
    GeoPoint southWest = new GeoPoint(-22.925, -43.205);
    assertThat(new WarningArea(southWest, 700).touches(neighbourhood())).isFalse();
    assertThat(new WarningArea(southWest, 800).touches(neighbourhood())).isTrue();
    // inside the neighbourhood, however small the warning
    assertThat(new WarningArea(new GeoPoint(-22.91, -43.19), 10).touches(neighbourhood())).isTrue();
  }

  @Test
  void circlesTouchWhenTheyMeet() {
    Subscription.Place home = new Subscription.Place("home", new GeoPoint(-22.91, -43.19), 300);
    assertThat(new WarningArea(new GeoPoint(-22.91, -43.21), 1_800).touches(home)).isTrue();
    assertThat(new WarningArea(new GeoPoint(-22.91, -43.21), 1_700).touches(home)).isFalse();
  }
}
