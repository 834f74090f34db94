package org.cityops.jobs.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Area;
import org.cityops.events.ControlMessage;
import org.cityops.events.ControlMessage.Action;
import org.cityops.events.ControlMessage.Role;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentChange.Kind;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");

  /** Tijuca; the others are north of it by the given distance. */
  private static final GeoPoint TIJUCA = new GeoPoint(-22.9311, -43.2219);

  // defaults: downgrade hold 30 min, cleared incidents kept 2 days, sensor_maintenance unfused
  private final LifecycleConfig config =
      LifecycleConfig.from(
          new Settings(Map.of("control.roster", "sofia=supervisor,otto=operator")));
  private KeyedOneInputStreamOperatorTestHarness<String, LifecycleInput, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
  }

  private KeyedOneInputStreamOperatorTestHarness<String, LifecycleInput, Incident> newHarness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new IncidentLifecycle(config), LifecycleInput::kind, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  private static GeoPoint northOfTijuca(double metres) {
    return new GeoPoint(TIJUCA.lat() + metres / 111_320, TIJUCA.lon());
  }

  /** A detector's version: heavy rain at a gauge, a 2 km circle. */
  private static Incident rain(
      String gauge, double northM, long version, long minute, Severity severity, boolean active) {
    return detection(
        IncidentType.HEAVY_RAIN,
        "heavy_rain:" + gauge + ":" + T0.getEpochSecond(),
        new Area(northOfTijuca(northM), 2_000, null),
        version,
        minute,
        severity,
        active,
        gauge);
  }

  private static Incident detection(
      IncidentType type,
      String id,
      Area area,
      long version,
      long minute,
      Severity severity,
      boolean active,
      String source) {
    return new Incident(
        id,
        type,
        area,
        severity,
        active ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(new Evidence("rain_1h_mm", source, minutes(minute), 30 + version, "mm")),
        version,
        T0,
        minutes(minute),
        active ? null : minutes(minute));
  }

  private static ControlMessage action(
      String id, String incidentId, Action action, String actor, Role role, long minute) {
    return new ControlMessage(
        id,
        incidentId,
        action,
        actor,
        role,
        minutes(minute),
        action == Action.ASSIGN ? "equipe-7" : null,
        action == Action.NOTE ? "bombeiros a caminho" : null);
  }

  private void send(Incident d) throws Exception {
    harness.processElement(LifecycleInput.of(d), d.updatedAt().toEpochMilli());
  }

  private void send(ControlMessage c) throws Exception {
    harness.processElement(LifecycleInput.of(c), c.at().toEpochMilli());
  }

  private void watermark(long minute) throws Exception {
    harness.processWatermark(new Watermark(minutes(minute).toEpochMilli()));
  }

  private List<Incident> out() {
    return harness.extractOutputValues();
  }

  private List<Rejected> rejected() {
    List<Rejected> list = new ArrayList<>();
    var side = harness.getSideOutput(IncidentLifecycle.REJECTED);
    if (side != null) {
      side.forEach(r -> list.add(r.getValue()));
    }
    return list;
  }

  private static final String A = "heavy_rain:a:" + T0.getEpochSecond();
  private static final String B = "heavy_rain:b:" + T0.getEpochSecond();
  private static final String C = "heavy_rain:c:" + T0.getEpochSecond();

  @Test
  void detectionsOfOneKindWhoseAreasOverlapAreOneIncidentAndFarOnesAnother() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("b", 3_000, 1, 1, Severity.SEVERE, true)); // circles of 2 km, 3 km apart
    send(rain("far", 20_000, 1, 2, Severity.MODERATE, true));
    assertThat(out()).isEmpty(); // nothing before the watermark passes
    watermark(2);
    assertThat(out())
        .extracting(
            Incident::incidentId, Incident::version, Incident::severity, i -> i.change().kind())
        .containsExactly(
            tuple(A, 1L, Severity.MODERATE, Kind.OPENED),
            tuple(A, 2L, Severity.SEVERE, Kind.SEVERITY_RAISED),
            tuple("heavy_rain:far:" + T0.getEpochSecond(), 1L, Severity.MODERATE, Kind.OPENED));
    Incident fused = out().get(1);
    assertThat(fused.evidence()).extracting(Evidence::sourceId).containsExactly("b", "a");
    assertThat(fused.change().by()).isEqualTo(B);
    // one circle holding both: centered between them, reaching 2 km past each gauge
    assertThat(fused.area().center().distanceMetresTo(northOfTijuca(1_500))).isLessThan(5);
    assertThat(fused.area().radiusM()).isBetween(3_499.0, 3_502.0);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void areasNamedAfterZonesFuseOnlyWithinTheirZone() throws Exception {
    Area x = new Area(TIJUCA, 3_000, "zone-x");
    Area y = new Area(northOfTijuca(1_000), 3_000, "zone-y"); // overlapping circles, other zone
    Area x2 = new Area(northOfTijuca(500), 3_000, "zone-x");
    send(
        detection(
            IncidentType.LANDSLIDE_RISK,
            "landslide_risk:x:1",
            x,
            1,
            0,
            Severity.SEVERE,
            true,
            "g1"));
    send(
        detection(
            IncidentType.LANDSLIDE_RISK,
            "landslide_risk:y:1",
            y,
            1,
            0,
            Severity.SEVERE,
            true,
            "g2"));
    send(
        detection(
            IncidentType.LANDSLIDE_RISK,
            "landslide_risk:x:2",
            x2,
            1,
            1,
            Severity.SEVERE,
            true,
            "g3"));
    watermark(1);
    assertThat(out())
        .extracting(Incident::incidentId, Incident::version)
        .containsExactly(
            tuple("landslide_risk:x:1", 1L),
            tuple("landslide_risk:y:1", 1L),
            tuple("landslide_risk:x:1", 2L));
    assertThat(out().get(2).area().zone()).isEqualTo("zone-x");
  }

  @Test
  void kindsThatDoNotFuseStayOneIncidentPerDetection() throws Exception {
    Area here = new Area(TIJUCA, 500, null);
    send(
        detection(
            IncidentType.SENSOR_MAINTENANCE,
            "sensor_maintenance:g1:1",
            here,
            1,
            0,
            Severity.MINOR,
            true,
            "g1"));
    send(
        detection(
            IncidentType.SENSOR_MAINTENANCE,
            "sensor_maintenance:g2:1",
            here,
            1,
            0,
            Severity.MINOR,
            true,
            "g2"));
    watermark(0);
    assertThat(out())
        .extracting(Incident::incidentId)
        .containsExactly("sensor_maintenance:g1:1", "sensor_maintenance:g2:1");
  }

  @Test
  void aDetectionBridgingTwoIncidentsMergesThemAndTheOlderLivesOn() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("c", 6_000, 1, 5, Severity.SEVERE, true)); // 6 km: apart
    watermark(5);
    assertThat(out()).extracting(Incident::incidentId).containsExactly(A, C);
    send(rain("b", 3_000, 1, 10, Severity.MODERATE, true)); // overlaps both
    watermark(10);
    List<Incident> merge = out().subList(2, out().size());
    assertThat(merge)
        .extracting(
            Incident::incidentId,
            Incident::version,
            Incident::status,
            Incident::mergedInto,
            i -> i.change().kind())
        .containsExactly(
            tuple(C, 2L, IncidentStatus.CLEARED_UNACK, A, Kind.MERGED),
            tuple(A, 2L, IncidentStatus.ACTIVE_UNACK, null, Kind.ABSORBED));
    assertThat(merge.get(1).severity()).isEqualTo(Severity.SEVERE);
    assertThat(merge.get(1).evidence())
        .extracting(Evidence::sourceId)
        .containsExactlyInAnyOrder("a", "b", "c");
    // c's later versions now feed the incident that lives on
    send(rain("c", 6_000, 2, 20, Severity.EXTREME, true));
    watermark(20);
    assertThat(out())
        .last()
        .extracting(Incident::incidentId, Incident::severity)
        .containsExactly(A, Severity.EXTREME);
    // the merged one still waits for its acknowledgement, then is gone
    send(action("m1", C, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 21));
    watermark(21);
    assertThat(out())
        .last()
        .extracting(Incident::incidentId, Incident::status)
        .containsExactly(C, IncidentStatus.CLEARED_ACK);
  }

  @Test
  void severityRisesAtOnceAndFallsOnlyAfterTheHold() throws Exception {
    send(rain("a", 0, 1, 0, Severity.SEVERE, true));
    send(rain("a", 0, 2, 10, Severity.MODERATE, true)); // lower: held
    send(rain("a", 0, 3, 20, Severity.SEVERE, true)); // back up within the hold
    send(rain("a", 0, 4, 50, Severity.MODERATE, true)); // lower again, and stays so
    watermark(79);
    assertThat(out())
        .extracting(Incident::version, Incident::severity, i -> i.change().kind())
        .containsExactly(
            tuple(1L, Severity.SEVERE, Kind.OPENED),
            tuple(2L, Severity.SEVERE, Kind.EVIDENCE),
            tuple(3L, Severity.SEVERE, Kind.EVIDENCE),
            tuple(4L, Severity.SEVERE, Kind.EVIDENCE));
    watermark(80); // 30 min after 50
    assertThat(out())
        .last()
        .extracting(
            Incident::version, Incident::severity, i -> i.change().kind(), Incident::updatedAt)
        .containsExactly(5L, Severity.MODERATE, Kind.SEVERITY_LOWERED, minutes(80));
  }

  @Test
  void itClearsWhenEveryDetectionHasClearedAndIsForgottenOnceAcknowledged() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("b", 3_000, 1, 5, Severity.MODERATE, true));
    send(rain("a", 0, 2, 30, Severity.MODERATE, false));
    send(rain("a", 0, 2, 30, Severity.MODERATE, false)); // redelivered
    watermark(30);
    assertThat(out()).last().extracting(Incident::status).isEqualTo(IncidentStatus.ACTIVE_UNACK);
    send(rain("b", 3_000, 2, 40, Severity.MODERATE, false));
    watermark(40);
    Incident cleared = out().get(out().size() - 1);
    assertThat(cleared)
        .extracting(
            Incident::version, Incident::status, Incident::clearedAt, i -> i.change().kind())
        .containsExactly(4L, IncidentStatus.CLEARED_UNACK, minutes(40), Kind.CLEARED);
    send(action("m1", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 45));
    watermark(45 + 60 * 24 * 3);
    assertThat(out())
        .last()
        .extracting(Incident::version, Incident::status, i -> i.change().by())
        .containsExactly(5L, IncidentStatus.CLEARED_ACK, "otto");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aClearedIncidentNobodyAcknowledgesIsForgottenAfterTheRetention() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("a", 0, 2, 30, Severity.MODERATE, false));
    watermark(30 + 60 * 48 - 1);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    watermark(30 + 60 * 48);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    send(action("late-ack", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 30 + 60 * 48 + 1));
    watermark(30 + 60 * 48 + 1);
    assertThat(rejected())
        .extracting(Rejected::reason)
        .containsExactly(RejectReason.UNKNOWN_INCIDENT);
  }

  /** The lifecycle's note of the held incidents that have cleared, for heavy rain. */
  private org.apache.flink.api.common.state.MapState<String, Long> clearedNote() throws Exception {
    var backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(IncidentType.HEAVY_RAIN.code());
    return backend.getPartitionedState(
        org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
        org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
        new org.apache.flink.api.common.state.MapStateDescriptor<>(
            "cleared-incidents", Types.STRING, Types.LONG));
  }

  @Test
  void clearedIncidentsAreNotedSoTheScansPassOverThemAndNoneIsFusedWith() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("a", 0, 2, 30, Severity.MODERATE, false));
    watermark(30);
    assertThat(clearedNote().get(A)).isEqualTo(minutes(30).toEpochMilli());
    // a new detection where the cleared one was opens an incident of its own
    send(rain("b", 500, 1, 40, Severity.MODERATE, true));
    watermark(40);
    assertThat(out())
        .last()
        .extracting(Incident::incidentId, Incident::version, Incident::status)
        .containsExactly(B, 1L, IncidentStatus.ACTIVE_UNACK);
    assertThat(clearedNote().contains(B)).isFalse();
    // acknowledged, the cleared one is forgotten, and so is its note
    send(action("m1", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 45));
    watermark(45);
    assertThat(clearedNote().isEmpty()).isTrue();
  }

  /**
   * More cleared incidents held than the parse memo keeps, as in a long storm nobody acknowledges:
   * a new detection reads the active incidents only, not every held one again. (Before the note,
   * each of these was parsed again at every detection and every timer: the alerts job's cost per
   * input grew with the storm's age, BENCHMARKS.md.)
   */
  @Test
  void aNewDetectionDoesNotReadTheClearedIncidentsHeldForTheirAcknowledgement() throws Exception {
    int held = IncidentLifecycle.PARSED_KEPT + 50;
    harness.close();
    // a week's retention, so that none is forgotten while the others clear (2 minutes each)
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new IncidentLifecycle(
                LifecycleConfig.from(
                    new Settings(
                        Map.of(
                            "control.roster", "sofia=supervisor",
                            "incidents.cleared-retention", "7d")))),
            LifecycleInput::kind,
            Types.STRING);
    for (int i = 0; i < held; i++) {
      // one after the other at the same place: each opens its own incident and clears
      String id = "heavy_rain:g" + i + ":" + T0.getEpochSecond();
      Area area = new Area(TIJUCA, 2_000, null);
      send(detection(IncidentType.HEAVY_RAIN, id, area, 1, 2L * i, Severity.MODERATE, true, "g"));
      send(
          detection(
              IncidentType.HEAVY_RAIN, id, area, 2, 2L * i + 1, Severity.MODERATE, false, "g"));
      watermark(2L * i + 1);
    }
    assertThat(clearedNote().keys()).hasSize(held);
    IncidentLifecycle lifecycle =
        (IncidentLifecycle)
            ((org.apache.flink.streaming.api.operators.KeyedProcessOperator<?, ?, ?>)
                    harness.getOperator())
                .getUserFunction();
    long before = lifecycle.parsedSoFar();
    send(rain("new", 0, 1, 2L * held + 5, Severity.MODERATE, true));
    watermark(2L * held + 5);
    assertThat(out())
        .last()
        .extracting(Incident::version, Incident::status)
        .containsExactly(1L, IncidentStatus.ACTIVE_UNACK);
    assertThat(lifecycle.parsedSoFar() - before).as("JSON texts parsed").isLessThan(10);
  }

  @Test
  void aClearedIncidentHeldByAnEarlierReleaseWithoutTheNoteIsStillForgotten() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(rain("a", 0, 2, 30, Severity.MODERATE, false));
    watermark(30);
    clearedNote().remove(A); // as an earlier release kept it: the incident alone
    // its retention timer finds it cleared by reading it, and forgets it all the same
    watermark(30 + 60 * 48);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void operatorsActionsEachMakeAVersionAndAResentOneCountsOnce() throws Exception {
    send(rain("a", 0, 1, 0, Severity.MODERATE, true));
    send(action("m1", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 1));
    send(action("m1", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 1)); // re-sent
    send(action("m2", A, Action.ASSIGN, "otto", Role.OPERATOR, 2));
    send(action("m3", A, Action.NOTE, "otto", Role.OPERATOR, 3));
    send(action("m4", A, Action.ESCALATE, "sofia", Role.SUPERVISOR, 4));
    send(rain("a", 0, 2, 5, Severity.MODERATE, true)); // the escalation holds against the evidence
    send(action("m5", A, Action.RESOLVE, "sofia", Role.SUPERVISOR, 6));
    send(rain("a", 0, 3, 7, Severity.SEVERE, true)); // muted: its incident was closed
    watermark(100);
    assertThat(out())
        .extracting(
            Incident::version,
            Incident::status,
            Incident::severity,
            Incident::assignee,
            i -> i.change().kind(),
            i -> i.change().by())
        .containsExactly(
            tuple(1L, IncidentStatus.ACTIVE_UNACK, Severity.MODERATE, null, Kind.OPENED, A),
            tuple(
                2L, IncidentStatus.ACTIVE_ACK, Severity.MODERATE, null, Kind.ACKNOWLEDGED, "otto"),
            tuple(
                3L,
                IncidentStatus.ACTIVE_ACK,
                Severity.MODERATE,
                "equipe-7",
                Kind.ASSIGNED,
                "otto"),
            tuple(4L, IncidentStatus.ACTIVE_ACK, Severity.MODERATE, "equipe-7", Kind.NOTE, "otto"),
            tuple(
                5L,
                IncidentStatus.ACTIVE_ACK,
                Severity.SEVERE,
                "equipe-7",
                Kind.ESCALATED,
                "sofia"),
            tuple(6L, IncidentStatus.ACTIVE_ACK, Severity.SEVERE, "equipe-7", Kind.EVIDENCE, A),
            tuple(
                7L,
                IncidentStatus.CLEARED_ACK,
                Severity.SEVERE,
                "equipe-7",
                Kind.RESOLVED,
                "sofia"));
    assertThat(out().get(3).change().note()).isEqualTo("bombeiros a caminho");
    assertThat(out().get(6).clearedAt()).isEqualTo(minutes(6));
    assertThat(rejected()).isEmpty();
    // the muted detection goes when it clears
    send(rain("a", 0, 4, 120, Severity.SEVERE, false));
    watermark(120);
    assertThat(out()).hasSize(7);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void anIncidentOpenedByHandFlowsLikeAnyOtherAndOnlyAnOperatorClosesIt() throws Exception {
    String id = "urban_flooding:manual:call-193";
    ControlMessage open =
        new ControlMessage(
            "m1",
            id,
            Action.OPEN,
            "otto",
            Role.OPERATOR,
            minutes(0),
            null,
            "a caller reports water at the doors of the school",
            IncidentType.URBAN_FLOODING,
            new Area(TIJUCA, 300, null),
            Severity.MODERATE);
    send(open);
    Incident flood =
        detection(
            IncidentType.URBAN_FLOODING,
            "urban_flooding:cell:1",
            new Area(northOfTijuca(200), 300, null),
            1,
            5,
            Severity.SEVERE,
            true,
            "crowd");
    send(flood);
    send(
        detection(
            IncidentType.URBAN_FLOODING,
            "urban_flooding:cell:1",
            flood.area(),
            2,
            60,
            Severity.SEVERE,
            false,
            "crowd"));
    send(action("m2", id, Action.FALSE_ALARM, "otto", Role.OPERATOR, 90));
    watermark(90);
    assertThat(out())
        .extracting(
            Incident::incidentId,
            Incident::version,
            Incident::status,
            Incident::severity,
            i -> i.change().kind())
        .containsExactly(
            tuple(id, 1L, IncidentStatus.ACTIVE_UNACK, Severity.MODERATE, Kind.OPENED),
            tuple(id, 2L, IncidentStatus.ACTIVE_UNACK, Severity.SEVERE, Kind.SEVERITY_RAISED),
            // the detection cleared: the operator's incident stays, at the operator's severity
            tuple(id, 3L, IncidentStatus.ACTIVE_UNACK, Severity.SEVERE, Kind.EVIDENCE),
            tuple(id, 4L, IncidentStatus.CLEARED_ACK, Severity.SEVERE, Kind.FALSE_ALARM));
    assertThat(out().get(0).evidence())
        .extracting(Evidence::signal, Evidence::sourceId)
        .containsExactly(tuple(IncidentLifecycle.OPENED_BY_OPERATOR, "otto"));
    assertThat(out().get(0).change().note()).startsWith("a caller");
    watermark(90 + 60 * 31); // past the downgrade hold of version 3
    assertThat(out()).hasSize(4);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void actionsOnUnknownIncidentsFromUnknownActorsOrWrongRolesOrThatChangeNothingAreRefused()
      throws Exception {
    send(rain("a", 0, 1, 0, Severity.EXTREME, true));
    send(action("m1", "heavy_rain:nobody:1", Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 1));
    send(action("m2", "no-kind-at-all", Action.NOTE, "otto", Role.OPERATOR, 1));
    send(action("m3", A, Action.ACKNOWLEDGE, "mallory", Role.SUPERVISOR, 1));
    send(action("m4", A, Action.RESOLVE, "otto", Role.SUPERVISOR, 1));
    send(action("m5", A, Action.ESCALATE, "sofia", Role.SUPERVISOR, 1));
    send(
        new ControlMessage(
            "m6",
            A,
            Action.OPEN,
            "otto",
            Role.OPERATOR,
            minutes(1),
            null,
            null,
            IncidentType.HEAVY_RAIN,
            new Area(TIJUCA, 100, null),
            Severity.MINOR));
    watermark(1);
    assertThat(rejected())
        .extracting(Rejected::reason, Rejected::detail)
        // the two unknown ones are on two keys, in no set order
        .containsExactlyInAnyOrder(
            tuple(
                RejectReason.UNKNOWN_INCIDENT,
                "no open or unacknowledged incident 'heavy_rain:nobody:1' is held here"),
            tuple(
                RejectReason.UNKNOWN_INCIDENT,
                "no open or unacknowledged incident 'no-kind-at-all' is held here"),
            tuple(RejectReason.NOT_ALLOWED, "actor 'mallory' is not on the roster"),
            tuple(
                RejectReason.NOT_ALLOWED,
                "actor 'otto' claims the role supervisor but is operator"),
            tuple(
                RejectReason.NOT_ALLOWED,
                "escalation must raise the severity; the incident is extreme already"),
            tuple(RejectReason.CONFLICTING_DUPLICATE, "an incident '" + A + "' exists already"));
    assertThat(out()).hasSize(1);
  }

  @Test
  void theVersionsDoNotDependOnHowTheInputsInterleave() throws Exception {
    List<LifecycleInput> inputs =
        List.of(
            LifecycleInput.of(rain("a", 0, 1, 0, Severity.MODERATE, true)),
            LifecycleInput.of(rain("c", 6_000, 1, 5, Severity.SEVERE, true)),
            LifecycleInput.of(action("m1", A, Action.ACKNOWLEDGE, "otto", Role.OPERATOR, 6)),
            LifecycleInput.of(rain("b", 3_000, 1, 10, Severity.MODERATE, true)),
            LifecycleInput.of(rain("a", 0, 2, 10, Severity.SEVERE, true)),
            LifecycleInput.of(rain("c", 6_000, 2, 30, Severity.MODERATE, false)),
            LifecycleInput.of(action("m2", A, Action.NOTE, "otto", Role.OPERATOR, 30)));
    List<String> inOrder = run(inputs);
    List<LifecycleInput> reversed = new ArrayList<>(inputs);
    java.util.Collections.reverse(reversed);
    assertThat(run(reversed)).isEqualTo(inOrder).hasSizeGreaterThan(5);
  }

  private List<String> run(List<LifecycleInput> inputs) throws Exception {
    try (var h = newHarness()) {
      h.open();
      for (LifecycleInput in : inputs) {
        h.processElement(in, in.time().toEpochMilli());
      }
      h.processWatermark(new Watermark(minutes(200).toEpochMilli()));
      return h.extractOutputValues().stream().map(EventJson::writeString).toList();
    }
  }
}
