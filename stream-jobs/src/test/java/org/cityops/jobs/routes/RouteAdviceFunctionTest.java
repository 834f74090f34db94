package org.cityops.jobs.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RouteAdvice;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.Segment;
import org.cityops.roads.SyntheticRoads;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedMultigraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route advice on the demo city, shortest routes, checked against JGraphT's Dijkstra over the same
 * segments. Avenida 2 (way 101) runs west to east through nodes 53 to 65; the accident blocks it
 * eastbound between the detectors on 101:59-60 and 101:60-61.
 */
class RouteAdviceFunctionTest {
  private static final RoadNetwork CITY = SyntheticRoads.demoCity();
  private static final Instant RUSH = Instant.parse("2026-03-02T11:00:00Z"); // 08:00 in Rio
  private static final String PAIR = "loop-101-59-60>loop-101-60-61";
  private static final Set<String> BLOCKED = Set.of("101:59-60", "101:60-61");
  private KeyedBroadcastOperatorTestHarness<String, Subscription, Incident, RouteAdvice> harness;

  @BeforeEach
  void setUp() throws Exception {
    RoutesConfig config = RoutesConfig.from(new Settings(Map.of("routes.mode", "SHORTEST")));
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new RouteAdviceFunction(config),
            Subscription::residentId,
            Types.STRING,
            RouteAdviceFunction.CONDITIONS);
  }

  /** The job's default routing (fastest routes) instead of the shortest the setup chose. */
  private void fastestRoutes() throws Exception {
    harness.close();
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new RouteAdviceFunction(RoutesConfig.from(new Settings(Map.of()))),
            Subscription::residentId,
            Types.STRING,
            RouteAdviceFunction.CONDITIONS);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static GeoPoint node(long id) {
    return CITY.nodes().get(id);
  }

  private static Subscription commuter(String resident, long from, long to, String hours) {
    String[] span = hours.split("-");
    return new Subscription(resident, List.of(), List.of(), true, RUSH.minusSeconds(3600), null)
        .withCommutes(
            List.of(
                new Subscription.Commute(
                    "trabalho", node(from), node(to), span[0], span[1], "America/Sao_Paulo")));
  }

  private static Incident accident(long version, IncidentStatus status, Instant at) {
    return new Incident(
        "traffic_incident:" + PAIR + ":1",
        IncidentType.TRAFFIC_INCIDENT,
        new Area(node(60), 150, PAIR),
        Severity.MODERATE,
        status,
        List.of(new Evidence("occdf", PAIR, RUSH, 40, "%")),
        version,
        RUSH,
        at,
        status.isActive() ? null : at);
  }

  private void subscribe(Subscription s) throws Exception {
    harness.processElement(s, s.updatedAt().toEpochMilli());
  }

  private void broadcast(Incident i) throws Exception {
    harness.processBroadcastElement(i, i.updatedAt().toEpochMilli());
  }

  private static double independentShortest(long from, long to, Set<String> blocked) {
    DirectedWeightedMultigraph<Long, DefaultWeightedEdge> g =
        new DirectedWeightedMultigraph<>(DefaultWeightedEdge.class);
    CITY.nodes().keySet().forEach(g::addVertex);
    for (Segment s : CITY.segments()) {
      if (!blocked.contains(s.id())) {
        g.setEdgeWeight(g.addEdge(s.fromNode(), s.toNode()), s.lengthM());
      }
    }
    return new DijkstraShortestPath<>(g).getPath(from, to).getWeight();
  }

  @Test
  void aCommuterWhoseRouteIsBlockedGetsTheShortestWayAroundAndTheOthersNothing() throws Exception {
    subscribe(commuter("ana", 53, 65, "06:00-10:00")); // along Avenida 2, eastbound
    subscribe(commuter("bia", 65, 53, "06:00-10:00")); // the other carriageway
    subscribe(commuter("caio", 105, 117, "06:00-10:00")); // Avenida 3
    subscribe(commuter("duda", 53, 65, "18:00-20:00")); // same way, other hours
    broadcast(accident(1, IncidentStatus.ACTIVE_UNACK, RUSH));

    List<RouteAdvice> advice = harness.extractOutputValues();
    assertThat(advice)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.residentId()).isEqualTo("ana");
              assertThat(a.reason()).isEqualTo(RouteAdvice.Reason.BLOCKED);
              assertThat(a.avoided()).containsExactlyInAnyOrderElementsOf(BLOCKED);
              assertThat(a.distanceM())
                  .isCloseTo(
                      independentShortest(53, 65, BLOCKED),
                      org.assertj.core.data.Offset.offset(0.5))
                  .isGreaterThan(independentShortest(53, 65, Set.of()) + 100);
              assertThat(a.route().get(0).distanceMetresTo(node(53))).isLessThan(1);
              assertThat(a.route().get(a.route().size() - 1).distanceMetresTo(node(65)))
                  .isLessThan(1);
              assertThat(a.message()).contains("Via bloqueada", "trabalho");
              assertThat(a.incidentVersion()).isEqualTo(1);
              assertThat(a.at()).isEqualTo(RUSH);
            });
  }

  @Test
  void oneMessagePerChangeOfTheWayAndAnAllClearWhenItEnds() throws Exception {
    subscribe(commuter("ana", 53, 65, "06:00-10:00"));
    broadcast(accident(1, IncidentStatus.ACTIVE_UNACK, RUSH));
    broadcast(accident(1, IncidentStatus.ACTIVE_UNACK, RUSH)); // delivered twice
    broadcast(accident(2, IncidentStatus.ACTIVE_ACK, RUSH.plusSeconds(60))); // acknowledged
    assertThat(harness.extractOutputValues()).hasSize(1);
    broadcast(accident(3, IncidentStatus.CLEARED_ACK, RUSH.plusSeconds(1800)));
    List<RouteAdvice> advice = harness.extractOutputValues();
    assertThat(advice)
        .extracting(RouteAdvice::reason)
        .containsExactly(RouteAdvice.Reason.BLOCKED, RouteAdvice.Reason.CLEARED);
    assertThat(advice.get(1).distanceM())
        .isCloseTo(independentShortest(53, 65, Set.of()), org.assertj.core.data.Offset.offset(0.5));
    assertThat(harness.getBroadcastState(RouteAdviceFunction.CONDITIONS).entries()).isEmpty();
  }

  @Test
  void aCommuteRegisteredDuringTheBlockHearsAtOnceAndUnsubscribingForgetsTheResident()
      throws Exception {
    broadcast(accident(1, IncidentStatus.ACTIVE_UNACK, RUSH));
    assertThat(harness.extractOutputValues()).isEmpty();
    Subscription late = commuter("ana", 53, 65, "06:00-10:00");
    late =
        new Subscription("ana", List.of(), List.of(), true, RUSH.plus(Duration.ofMinutes(5)), null)
            .withCommutes(late.commutes());
    subscribe(late);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .extracting(RouteAdvice::reason)
        .isEqualTo(RouteAdvice.Reason.BLOCKED);
    assertThat(
            ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
                    harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries())
        .isEqualTo(1);
    subscribe(
        new Subscription("ana", List.of(), List.of(), false, RUSH.plus(Duration.ofMinutes(9))));
    assertThat(
            ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
                    harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries())
        .isZero();
    // and she hears nothing more
    broadcast(accident(2, IncidentStatus.CLEARED_ACK, RUSH.plus(Duration.ofMinutes(20))));
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void aJamOnTheUsualRouteIsWorthAMessageOnlyWhenTheOtherWaySavesTime() throws Exception {
    fastestRoutes();
    subscribe(commuter("ana", 53, 65, "06:00-10:00"));
    // a crawl (6 km/h on 60) on three stretches of Avenida 2, eastbound
    List<Evidence> crawl = new java.util.ArrayList<>();
    for (String detector : List.of("loop-101-57-58", "loop-101-58-59", "loop-101-59-60")) {
      crawl.add(new Evidence("speed_kmh", detector, RUSH, 6, "km/h"));
      crawl.add(new Evidence("free_flow_kmh", detector, RUSH, 60, "km/h"));
    }
    broadcast(
        new Incident(
            "congestion:loop-101-58-59:1",
            IncidentType.CONGESTION,
            new Area(node(59), 150, "101:58-59"),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            crawl,
            1,
            RUSH,
            RUSH,
            null));
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason()).isEqualTo(RouteAdvice.Reason.SLOW);
              assertThat(a.timeSaved()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
              assertThat(a.travelTime())
                  .isLessThan(a.usualTime().plus(a.timeSaved()).plusSeconds(1));
              assertThat(a.avoided())
                  .containsExactlyInAnyOrder("101:57-58", "101:58-59", "101:59-60");
              assertThat(a.message()).contains("Trânsito lento", "mais rápido");
            });
    // a light slowdown on one stretch is not worth a message
    broadcast(
        new Incident(
            "congestion:loop-105-14-27:1",
            IncidentType.CONGESTION,
            new Area(node(27), 150, "105:14-27"),
            Severity.MINOR,
            IncidentStatus.ACTIVE_UNACK,
            List.of(
                new Evidence("speed_kmh", "loop-101-61-62", RUSH, 40, "km/h"),
                new Evidence("free_flow_kmh", "loop-101-61-62", RUSH, 60, "km/h")),
            1,
            RUSH,
            RUSH,
            null));
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void aRoadThatWasSlowAndIsNowBlockedIsToldAgainEvenWhenTheWayAroundIsTheSame() throws Exception {
    fastestRoutes();
    subscribe(commuter("ana", 53, 65, "06:00-10:00"));
    // the queue before the accident: a crawl on the two stretches it will block
    List<Evidence> crawl = new java.util.ArrayList<>();
    for (String detector : List.of("loop-101-59-60", "loop-101-60-61")) {
      crawl.add(new Evidence("speed_kmh", detector, RUSH, 5, "km/h"));
      crawl.add(new Evidence("free_flow_kmh", detector, RUSH, 60, "km/h"));
    }
    broadcast(
        new Incident(
            "congestion:loop-101-59-60:1",
            IncidentType.CONGESTION,
            new Area(node(60), 150, "101:59-60"),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            crawl,
            1,
            RUSH,
            RUSH,
            null));
    RouteAdvice slow = harness.extractOutputValues().get(0);
    assertThat(slow.reason()).isEqualTo(RouteAdvice.Reason.SLOW);
    // the road is then shut where it crawled: the way around may be the very same detour, but
    // "your road is closed" is news to a commuter who may have chosen to sit out the jam
    broadcast(accident(1, IncidentStatus.ACTIVE_UNACK, RUSH.plusSeconds(60)));
    List<RouteAdvice> advice = harness.extractOutputValues();
    assertThat(advice)
        .extracting(RouteAdvice::reason)
        .containsExactly(RouteAdvice.Reason.SLOW, RouteAdvice.Reason.BLOCKED);
    assertThat(advice.get(1).avoided()).containsExactlyInAnyOrderElementsOf(BLOCKED);
    assertThat(advice.get(1).route()).isEqualTo(slow.route());
    // and told once: the same closure again, or its acknowledgement, says nothing new
    broadcast(accident(2, IncidentStatus.ACTIVE_ACK, RUSH.plusSeconds(120)));
    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  @Test
  void residentsReportsAloneRerouteNobodyUntilAnOperatorAcknowledges() throws Exception {
    subscribe(commuter("ana", 53, 65, "06:00-10:00"));
    String stretch = "101:59~60";
    Incident reported =
        new Incident(
            "traffic_incident:reports:" + stretch + ":1",
            IncidentType.TRAFFIC_INCIDENT,
            new Area(CITY.segment("101:59-60").pointAt(0.5), 150, null),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(
                new Evidence("reporters", stretch, RUSH, 2, null),
                new Evidence("confidence", stretch, RUSH, 0.75, null)),
            1,
            RUSH,
            RUSH,
            null);
    broadcast(reported);
    assertThat(harness.extractOutputValues()).isEmpty();
    broadcast(
        new Incident(
            reported.incidentId(),
            reported.type(),
            reported.area(),
            reported.severity(),
            IncidentStatus.ACTIVE_ACK,
            reported.evidence(),
            2,
            RUSH,
            RUSH.plusSeconds(120),
            null));
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(a -> assertThat(a.avoided()).contains("101:59-60"));
  }
}
