package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cityops.events.GeoPoint;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.Road;
import org.cityops.roads.RoadNetwork;

/** A one-way road of four 300 m stretches with a detector on the first three: a, b, c. */
final class TrafficFixtures {
  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  static final DetectorLayout LAYOUT = layout();
  static final TrafficConfig CONFIG = TrafficConfig.from(new Settings(Map.of()));

  private TrafficFixtures() {}

  private static DetectorLayout layout() {
    double step = 300 / (111_195 * Math.cos(Math.toRadians(-22.9)));
    Map<Long, GeoPoint> nodes =
        Map.of(
            1L, new GeoPoint(-22.9, -43.2),
            2L, new GeoPoint(-22.9, -43.2 + step),
            3L, new GeoPoint(-22.9, -43.2 + 2 * step),
            4L, new GeoPoint(-22.9, -43.2 + 3 * step));
    RoadNetwork road =
        new RoadNetwork(
            nodes,
            List.of(new Road(7, "Avenida", "primary", List.of(1L, 2L, 3L, 4L), 2, 60, true)));
    return DetectorLayout.derive(
        road,
        List.of(
            new DetectorLayout.Placement("a", "7:1-2", 0.5, null),
            new DetectorLayout.Placement("b", "7:2-3", 0.5, null),
            new DetectorLayout.Placement("c", "7:3-4", 0.5, null)),
        1_000);
  }

  /** The keyed state entries {@code harness}'s operator holds (for every key). */
  static int keyedStateEntries(
      org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> harness) {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  /** Interval {@code n} (30 s each) after {@link #T0}. */
  static Instant at(int n) {
    return T0.plusSeconds(30L * n);
  }

  static DetectorReading reading(String detector, int n, double flow, double occ, Double speed) {
    return new DetectorReading(detector, at(n), flow, occ, speed);
  }

  /** Free traffic: 12 vehicles, 8% occupancy, 58 km/h. */
  static DetectorReading free(String detector, int n) {
    return reading(detector, n, 12 + n % 3, 8 + (n % 2) * 0.5, 58.0 - n % 2);
  }
}
