package org.cityops.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Area;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.CapXml;
import org.cityops.events.ControlMessage;
import org.cityops.events.ControlMessage.Action;
import org.cityops.events.ControlMessage.Role;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.PendingWarning;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.ControlRoster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarningSequencerTest {
  private static final Instant T0 = Instant.parse("2019-02-07T00:15:00Z");
  private static final String ID = "heavy_rain:barrinha:1549498500";
  private static final AlertConfig CONFIG =
      AlertConfig.from(new Settings(Map.of("alerts.approval-escalate-after", "PT10M")));
  private static final ControlRoster ROSTER =
      ControlRoster.from(new Settings(Map.of("control.roster", "ana=supervisor,bruno=operator")));

  private KeyedOneInputStreamOperatorTestHarness<String, WarningInput, CapAlert> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, WarningInput, CapAlert> newHarness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new WarningSequencer(CONFIG, ROSTER), WarningInput::incidentId, Types.STRING);
  }

  /** A harness not yet opened, so a snapshot can be restored into it. */
  private static KeyedOneInputStreamOperatorTestHarness<String, WarningInput, CapAlert>
      unopenedHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
            new WarningSequencer(CONFIG, ROSTER)),
        WarningInput::incidentId,
        Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static Incident version(
      String id,
      IncidentType type,
      long v,
      Severity severity,
      int minute,
      boolean active,
      List<Evidence> evidence) {
    return new Incident(
        id,
        type,
        new Area(new GeoPoint(-23.008, -43.299), 2_000, "Barra/Itanhangá"),
        severity,
        active ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        v,
        T0,
        minutes(minute),
        active ? null : minutes(minute));
  }

  private static Incident rain(long v, Severity severity, int minute, boolean active) {
    return version(
        ID,
        IncidentType.HEAVY_RAIN,
        v,
        severity,
        minute,
        active,
        List.of(new Evidence("rain_1h_mm", "barrinha", minutes(minute), 30 + v, "mm")));
  }

  private void incident(Incident i) throws Exception {
    harness.processElement(WarningInput.of(i), i.updatedAt().toEpochMilli());
  }

  private void control(String actor, Role role, Action action, int minute) throws Exception {
    harness.processElement(
        WarningInput.of(
            new ControlMessage(
                "m-" + actor + "-" + minute, ID, action, actor, role, minutes(minute), null, null)),
        minutes(minute).toEpochMilli());
  }

  private void watermark(int minute) throws Exception {
    harness.processWatermark(new Watermark(minutes(minute).toEpochMilli()));
  }

  private List<CapAlert> alerts() {
    return harness.extractOutputValues();
  }

  private List<PendingWarning> pending() {
    var q = harness.getSideOutput(WarningSequencer.PENDING);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  private List<Rejected> rejected() {
    var q = harness.getSideOutput(WarningSequencer.REJECTED);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aModerateWarningGoesAtOnceAndItsCancelClearsTheState() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    incident(rain(2, Severity.MODERATE, 15, true)); // new evidence, nothing residents care about
    incident(rain(3, Severity.MODERATE, 120, false));

    assertThat(alerts())
        .extracting(CapAlert::msgType)
        .containsExactly(MsgType.Alert, MsgType.Cancel);
    assertThat(alerts().get(1).references()).containsExactly(alerts().get(0).asReference());
    assertThat(alerts()).extracting(CapAlert::incidentVersion).containsExactly(1L, 3L);
    assertThat(pending()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aSevereWarningWaitsForASupervisorAndAnOperatorsApprovalIsRefused() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    incident(rain(2, Severity.SEVERE, 15, true));
    assertThat(alerts()).extracting(CapAlert::msgType).containsExactly(MsgType.Alert);
    assertThat(pending())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.incidentVersion()).isEqualTo(2);
              assertThat(p.reason()).isEqualTo(PendingWarning.Reason.NEEDS_SUPERVISOR_APPROVAL);
              assertThat(p.escalated()).isFalse();
            });

    control("bruno", Role.OPERATOR, Action.APPROVE_WARNING, 17);
    assertThat(alerts()).hasSize(1);
    assertThat(rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.NOT_ALLOWED);
              assertThat(r.detail()).contains("needs a supervisor's approval");
            });

    incident(rain(3, Severity.SEVERE, 20, true)); // still waiting: the newest version replaces it
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 22);
    assertThat(alerts())
        .extracting(CapAlert::msgType)
        .containsExactly(MsgType.Alert, MsgType.Update);
    assertThat(alerts().get(1).incidentVersion()).isEqualTo(3);
    assertThat(alerts().get(1).info().get(0).severity()).isEqualTo(Severity.SEVERE);
    assertThat(pending()).last().satisfies(p -> assertThat(p.resolved()).isTrue());

    // approved up to Severe: later Severe versions need no new approval, Extreme does
    incident(rain(4, Severity.EXTREME, 30, true));
    assertThat(alerts()).hasSize(2);
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 31);
    assertThat(alerts())
        .extracting(CapAlert::msgType)
        .containsExactly(MsgType.Alert, MsgType.Update, MsgType.Update);
  }

  @Test
  void aSupervisorsApprovalThatArrivesBeforeTheVersionCoversItButNothingLater() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 20); // overtook the version of 15
    incident(rain(2, Severity.SEVERE, 15, true));
    assertThat(alerts())
        .extracting(CapAlert::msgType)
        .containsExactly(MsgType.Alert, MsgType.Update);
    incident(rain(3, Severity.EXTREME, 25, true));
    assertThat(alerts()).hasSize(2);
    assertThat(pending()).last().satisfies(p -> assertThat(p.incidentVersion()).isEqualTo(3));
  }

  @Test
  void anApprovalThatArrivesBeforeItsIncidentIsAppliedWhenTheIncidentComes() throws Exception {
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 5);
    assertThat(rejected()).isEmpty();
    incident(rain(1, Severity.SEVERE, 0, true));
    assertThat(alerts()).extracting(CapAlert::msgType).containsExactly(MsgType.Alert);
    assertThat(alerts().get(0).info().get(0).severity()).isEqualTo(Severity.SEVERE);
    watermark(30);
    assertThat(rejected()).isEmpty();
  }

  @Test
  void anOperatorsEarlyApprovalNeverCoversASevereVersion() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    control("bruno", Role.OPERATOR, Action.APPROVE_WARNING, 20);
    incident(rain(2, Severity.SEVERE, 15, true));
    assertThat(alerts()).extracting(CapAlert::msgType).containsExactly(MsgType.Alert);
    assertThat(pending())
        .singleElement()
        .satisfies(p -> assertThat(p.incidentVersion()).isEqualTo(2));
  }

  @Test
  void aWarningLeftWaitingIsEscalatedOnceInEventTimeAndTheTimerLeavesNothingBehind()
      throws Exception {
    incident(rain(1, Severity.SEVERE, 0, true));
    watermark(9);
    assertThat(pending()).hasSize(1);
    watermark(10);
    assertThat(pending()).hasSize(2);
    assertThat(pending().get(1).escalated()).isTrue();
    assertThat(pending().get(1).waitingSince()).isEqualTo(T0);
    watermark(60);
    assertThat(pending()).hasSize(2);
    assertThat(harness.numEventTimeTimers()).isZero();

    incident(rain(2, Severity.SEVERE, 70, false)); // it cleared before anyone approved
    assertThat(alerts()).isEmpty();
    assertThat(pending()).last().satisfies(p -> assertThat(p.resolved()).isTrue());
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void residentsReportsAloneNeverWarnUntilAnOperatorConfirms() throws Exception {
    String id = "urban_flooding:cell:7";
    Incident reportsOnly =
        version(
            id,
            IncidentType.URBAN_FLOODING,
            1,
            Severity.MODERATE,
            0,
            true,
            List.of(new Evidence("reporters", id, T0, 3, null)));
    harness.processElement(WarningInput.of(reportsOnly), T0.toEpochMilli());
    assertThat(alerts()).isEmpty();
    assertThat(pending())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .isEqualTo(PendingWarning.Reason.REPORTS_ONLY_NEEDS_CONFIRMATION));

    harness.processElement(
        WarningInput.of(
            new ControlMessage(
                "c1", id, Action.APPROVE_WARNING, "bruno", Role.OPERATOR, minutes(3), null, null)),
        minutes(3).toEpochMilli());
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.msgType()).isEqualTo(MsgType.Alert);
              assertThat(a.info().get(0).certainty()).isEqualTo(CapAlert.Certainty.Possible);
            });
  }

  @Test
  void aGaugeOutOfOrderNeverWarnsThePublic() throws Exception {
    harness.processElement(
        WarningInput.of(
            version(
                "sensor_maintenance:urca:1",
                IncidentType.SENSOR_MAINTENANCE,
                1,
                Severity.MINOR,
                0,
                true,
                List.of(new Evidence("silent_minutes", "urca", T0, 60, "min")))),
        T0.toEpochMilli());
    assertThat(alerts()).isEmpty();
    assertThat(pending()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void controlsFromStrangersForgedRolesAndUnknownIncidentsAreRefusedWithAReason() throws Exception {
    control("mallory", Role.SUPERVISOR, Action.APPROVE_WARNING, 1);
    control("bruno", Role.SUPERVISOR, Action.APPROVE_WARNING, 2);
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 3);
    assertThat(rejected()).hasSize(2); // the third waits: its incident may be on its way
    watermark(3);
    assertThat(rejected())
        .extracting(Rejected::reason, Rejected::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                RejectReason.NOT_ALLOWED, "actor 'mallory' is not on the roster"),
            org.assertj.core.groups.Tuple.tuple(
                RejectReason.NOT_ALLOWED,
                "actor 'bruno' claims the role supervisor but is operator"),
            org.assertj.core.groups.Tuple.tuple(
                RejectReason.UNKNOWN_INCIDENT,
                "no public warning of incident '" + ID + "' is known here"));
    assertThat(rejected()).allSatisfy(r -> assertThat(r.payloadHead()).contains("approve_warning"));
    assertThat(alerts()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void theCancelOfAWarningWhoseEscalationWasHeldSpeaksOfWhatWasSent() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    incident(rain(2, Severity.SEVERE, 15, true)); // held, never approved
    incident(rain(3, Severity.SEVERE, 90, false));
    assertThat(alerts())
        .extracting(CapAlert::msgType)
        .containsExactly(MsgType.Alert, MsgType.Cancel);
    assertThat(alerts().get(1).info().get(0).severity()).isEqualTo(Severity.MODERATE);
    assertThat(alerts().get(1).incidentVersion()).isEqualTo(3);
    assertThat(pending()).last().satisfies(p -> assertThat(p.resolved()).isTrue());
  }

  @Test
  void aFalseAlarmCancelsWhatWasSent() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    // the incident lifecycle closes it on the operator's word: a version like any clearing
    Incident closed = rain(3, Severity.MODERATE, 5, false);
    incident(
        new Incident(
            closed.incidentId(),
            closed.type(),
            closed.area(),
            closed.severity(),
            IncidentStatus.CLEARED_ACK,
            closed.evidence(),
            closed.version(),
            closed.openedAt(),
            closed.updatedAt(),
            closed.clearedAt(),
            null,
            null,
            org.cityops.events.IncidentChange.of(
                org.cityops.events.IncidentChange.Kind.FALSE_ALARM, "bruno")));
    assertThat(alerts())
        .extracting(CapAlert::msgType, CapAlert::incidentVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MsgType.Alert, 1L),
            org.assertj.core.groups.Tuple.tuple(MsgType.Cancel, 3L));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void afterARestoreTheSameInputGivesTheSameBytesAndRepeatsAreNotResent() throws Exception {
    incident(rain(1, Severity.MODERATE, 0, true));
    OperatorSubtaskState snapshot = harness.snapshot(1, minutes(1).toEpochMilli());
    List<byte[]> before = alerts().stream().map(CapXml::write).toList();
    incident(rain(2, Severity.SEVERE, 15, true));
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 16);
    List<byte[]> uninterrupted = alerts().stream().map(CapXml::write).toList();
    harness.close();

    harness = unopenedHarness();
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    incident(rain(1, Severity.MODERATE, 0, true)); // at-least-once input repeats a version
    incident(rain(2, Severity.SEVERE, 15, true));
    control("ana", Role.SUPERVISOR, Action.APPROVE_WARNING, 16);
    List<byte[]> afterRestore = alerts().stream().map(CapXml::write).toList();

    assertThat(before).hasSize(1);
    assertThat(afterRestore).hasSize(1);
    assertThat(afterRestore.get(0)).isEqualTo(uninterrupted.get(1));
  }
}
