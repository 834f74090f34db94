package org.cityops.ingestion.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.cityops.events.Reading;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.RoadNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficSimulationTest {
  private static final SyntheticTraffic WORLD = SyntheticTraffic.standard();
  private static final RoadNetwork CITY = WORLD.network();
  private static final DetectorLayout LAYOUT = WORLD.layout(CITY);
  private static TrafficSimulation day;
  private static final Map<String, List<Reading>> BY_DETECTOR = new HashMap<>();

  @BeforeAll
  static void playOneDay() {
    day = new TrafficSimulation(CITY, LAYOUT, TrafficScenario.days(41, 1, 16));
    day.run(r -> BY_DETECTOR.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(r));
  }

  private static double mean(
      String detector, Instant from, Instant to, ToDoubleFunction<Reading> value) {
    Predicate<Reading> inside = r -> !r.time().isBefore(from) && r.time().isBefore(to);
    return BY_DETECTOR.get(detector).stream().filter(inside).mapToDouble(value).average().orElse(0);
  }

  @Test
  void everyDetectorReportsEvery30SecondsSaveTheLostOnes() {
    assertThat(BY_DETECTOR.keySet()).isEqualTo(LAYOUT.sites().keySet());
    int expected = 2 * 60 * 24;
    for (List<Reading> readings : BY_DETECTOR.values()) {
      // 0.2% of readings are lost
      assertThat(readings.size()).isBetween(expected - 30, expected);
      for (int i = 1; i < readings.size(); i++) {
        assertThat(Duration.between(readings.get(i - 1).time(), readings.get(i).time()).toSeconds())
            .isPositive()
            .isEqualTo(
                30L
                    * Math.round(
                        Duration.between(readings.get(i - 1).time(), readings.get(i).time())
                                .toSeconds()
                            / 30.0));
      }
    }
  }

  @Test
  void theSameScenarioGivesTheSameReadings() {
    List<Reading> again = new ArrayList<>();
    new TrafficSimulation(CITY, LAYOUT, TrafficScenario.days(41, 1, 16))
        .run(
            r -> {
              if (r.sensorId().equals("loop-100-1-2")) {
                again.add(r);
              }
            });
    assertThat(again).isEqualTo(BY_DETECTOR.get("loop-100-1-2"));
  }

  @Test
  void anAccidentBuildsAQueueUpstreamAndThinsTheTrafficDownstream() {
    List<TrafficEvent> queued =
        day.events().stream()
            .filter(e -> e.kind() == TrafficEvent.Kind.ACCIDENT && day.queueFormed(e))
            .toList();
    assertThat(queued).hasSizeGreaterThanOrEqualTo(10);
    for (TrafficEvent e : queued) {
      Instant before = e.start().minus(Duration.ofMinutes(10));
      Instant settled = e.start().plus(Duration.ofMinutes(5));
      double upBefore = mean(e.upstream(), before, e.start(), Reading::occupancyPct);
      double upDuring = mean(e.upstream(), settled, e.end(), Reading::occupancyPct);
      double downDuring = mean(e.downstream(), settled, e.end(), Reading::flowVehicles);
      // what the lanes left let through in 30 s: 1,800 vehicles per lane and hour
      double passable = e.capacityShare() * LAYOUT.site(e.downstream()).lanes() * 1800 / 120.0;
      assertThat(upDuring).as("queue at %s", e.upstream()).isGreaterThan(2 * upBefore);
      assertThat(downDuring).as("thinner at %s", e.downstream()).isLessThan(passable * 1.1 + 1);
    }
  }

  @Test
  void atNightTrafficRunsAtTheSpeedLimitAndInTheRushItSlows() {
    String detector = "loop-100-1-2";
    double limit = LAYOUT.site(detector).freeFlowKmh();
    Instant midnight = Instant.parse("2026-03-02T03:00:00Z");
    double night =
        mean(
            detector,
            midnight.plus(Duration.ofHours(2)),
            midnight.plus(Duration.ofHours(4)),
            r -> r.speedKmh() == null ? limit : r.speedKmh());
    assertThat(night).isCloseTo(limit, org.assertj.core.data.Offset.offset(limit * 0.05));
    double nightFlow =
        mean(
            detector,
            midnight.plusSeconds(7200),
            midnight.plusSeconds(14400),
            Reading::flowVehicles);
    double rushFlow =
        mean(
            detector,
            midnight.plusSeconds(7 * 3600),
            midnight.plusSeconds(9 * 3600),
            Reading::flowVehicles);
    assertThat(rushFlow).isGreaterThan(5 * nightFlow);
    assertThat(DemandProfile.share(LocalTime.of(8, 0)))
        .isCloseTo(0.92, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aStuckDetectorRepeatsItsLastValues() {
    TrafficEvent stuck =
        day.events().stream()
            .filter(e -> e.kind() == TrafficEvent.Kind.STUCK_DETECTOR)
            .findFirst()
            .orElseThrow();
    List<Reading> during =
        BY_DETECTOR.get(stuck.upstream()).stream().filter(r -> stuck.activeAt(r.time())).toList();
    assertThat(during).hasSizeGreaterThan(100);
    Reading first = during.get(0);
    for (Reading r : during) {
      assertThat(r.atTime(first.time())).isEqualTo(first);
    }
  }

  @Test
  void lanesBlockedLeaveTheHighwayCapacityManualsShare() {
    assertThat(IncidentCapacity.share(2, 1)).isEqualTo(0.35);
    assertThat(IncidentCapacity.share(3, 1)).isEqualTo(0.49);
    assertThat(IncidentCapacity.share(3, 2)).isEqualTo(0.17);
    assertThat(IncidentCapacity.share(2, 2)).isZero();
    assertThat(IncidentCapacity.share(3, 0)).isEqualTo(1);
  }
}
