package org.cityops.jobs.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.PendingWarning;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Severity;
import org.cityops.jobs.common.RejectedOutput;
import org.cityops.jobs.incidents.ControlRoster;

/**
 * Per incident, the public warning's sequence of CAP messages: {@code Alert} when an incident that
 * affects the public is first allowed out, {@code Update} when its severity or area changes, {@code
 * Cancel} when it clears (also when an operator closes it as resolved or a false alarm: the
 * incident lifecycle sends that as a cleared version); each referencing all the earlier ones.
 *
 * <p>Incident versions (as the incident lifecycle makes them) and approvals come in one stream
 * ({@link WarningInput}) and are taken in its order, per incident.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Holds: a version at or above {@link AlertConfig#approvalFrom()} waits until a supervisor
 *       approves it (an operator's approval is refused with reason {@code not_allowed}); a version
 *       whose evidence comes from residents' reports alone waits for an operator's or supervisor's
 *       confirmation. A waiting warning is published on the {@link #PENDING} side output when the
 *       wait begins, again escalated once it has waited {@link AlertConfig#approvalEscalateAfter()}
 *       in event time, and resolved when sent or moot. While it waits, newer versions replace it;
 *       the one sent is the newest. A cleared incident's Cancel never waits.
 *   <li>Control messages are checked against the {@link ControlRoster} (an unknown actor or a
 *       claimed role the roster does not give is refused), and one for an incident this function
 *       has not seen is refused with reason {@code unknown_incident}; refusals go to {@link
 *       #REJECTED}; a control that arrives before its incident waits until the watermark passes its
 *       time, and is refused only if the incident is still unknown then. Approving twice is
 *       harmless. A supervisor's approval covers the versions up to its event time even when it
 *       arrives before them, since the incident and control streams arrive in no common order; an
 *       operator's approval only confirms.
 *   <li>Incident versions are taken in arrival order; an older version than the newest seen is
 *       ignored (at-least-once input may repeat). Messages are built from the incident's id,
 *       version and event time only, so a replay sends the same bytes.
 *   <li>State is cleared once the Cancel is sent (or when an incident that never warned clears); an
 *       escalation timer that fires after that finds no state and does nothing.
 * </ul>
 */
public final class WarningSequencer extends KeyedProcessFunction<String, WarningInput, CapAlert> {
  public static final OutputTag<PendingWarning> PENDING =
      new OutputTag<>("pending-warnings", TypeInformation.of(PendingWarning.class));
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("rejected-controls");

  private final AlertConfig config;
  private final ControlRoster roster;
  private transient ValueState<WarningState> state;
  private transient ListState<String> references;
  private transient ListState<String> earlyControls;

  public WarningSequencer(AlertConfig config, ControlRoster roster) {
    this.config = config;
    this.roster = roster;
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("warning", WarningState.class));
    references =
        getRuntimeContext().getListState(new ListStateDescriptor<>("cap-references", Types.STRING));
    earlyControls =
        getRuntimeContext().getListState(new ListStateDescriptor<>("early-controls", Types.STRING));
  }

  @Override
  public void processElement(WarningInput in, Context ctx, Collector<CapAlert> out)
      throws Exception {
    if (in.incident() != null) {
      onIncident(in.incident(), ctx, out);
    } else {
      onControl(in.control(), ctx, out);
    }
  }

  private void onIncident(Incident incident, Context ctx, Collector<CapAlert> out)
      throws Exception {
    if (!CapMessages.affectsPublic(incident.type())) {
      return;
    }
    WarningState s = state.value();
    if (s != null && read(s.latestJson()).version() >= incident.version()) {
      return; // a repeat, or older than what we have
    }
    String json = EventJson.writeString(incident);
    s = s == null ? WarningState.first(json) : s.seen(json);
    handle(incident, s, ctx, out);
    applyEarlyControls(ctx, out);
  }

  private void handle(Incident incident, WarningState s, Context ctx, Collector<CapAlert> out)
      throws Exception {
    if (!incident.status().isActive()) {
      if (s.lastSentVersion() > 0) {
        // the all-clear speaks of the warning residents got, not of a held, higher one
        send(withSeverity(incident, s.lastSentSeverity()), MsgType.Cancel, s, out);
      }
      resolvePending(s, ctx);
      clear();
      return;
    }
    decide(incident, s, ctx, out);
  }

  /** Sends the version if nothing holds it, else makes it the one waiting. */
  private void decide(Incident incident, WarningState s, Context ctx, Collector<CapAlert> out)
      throws Exception {
    PendingWarning.Reason hold = holdReason(incident, s);
    if (hold != null) {
      boolean startsWaiting = s.pendingJson() == null;
      Instant since = startsWaiting ? incident.updatedAt() : s.pendingSince();
      WarningState waiting = s.waiting(EventJson.writeString(incident), hold, since);
      state.update(waiting);
      ctx.output(PENDING, pending(incident, hold, since, waiting.escalated(), false));
      if (startsWaiting) {
        ctx.timerService()
            .registerEventTimeTimer(since.plus(config.approvalEscalateAfter()).toEpochMilli());
      }
      return;
    }
    if (s.pendingJson() != null) {
      resolvePending(s, ctx);
    }
    boolean changed =
        s.lastSentVersion() == 0
            || incident.severity() != s.lastSentSeverity()
            || !areaKey(incident).equals(s.lastSentArea());
    if (changed) {
      send(incident, s.lastSentVersion() == 0 ? MsgType.Alert : MsgType.Update, s, out);
    } else {
      state.update(s.sent(s.lastSentVersion(), s.lastSentSeverity(), s.lastSentArea()));
    }
  }

  private PendingWarning.Reason holdReason(Incident incident, WarningState s) {
    boolean approved =
        (s.approvedUpTo() != null && !incident.severity().isAbove(s.approvedUpTo()))
            || (s.supervisorApprovedAt() != null
                && !incident.updatedAt().isAfter(s.supervisorApprovedAt()));
    boolean needsSupervisor = needsSupervisor(incident.severity()) && !approved;
    if (needsSupervisor) {
      return PendingWarning.Reason.NEEDS_SUPERVISOR_APPROVAL;
    }
    if (!CapMessages.sensorCorroborated(incident) && !s.confirmed()) {
      return PendingWarning.Reason.REPORTS_ONLY_NEEDS_CONFIRMATION;
    }
    return null;
  }

  private boolean needsSupervisor(Severity severity) {
    return severity.compareTo(config.approvalFrom()) >= 0;
  }

  private void send(Incident incident, MsgType type, WarningState s, Collector<CapAlert> out)
      throws Exception {
    List<String> earlier = new ArrayList<>();
    references.get().forEach(earlier::add);
    CapAlert message = CapMessages.message(incident, type, earlier, config).validate();
    out.collect(message);
    references.add(message.asReference());
    state.update(s.sent(incident.version(), incident.severity(), areaKey(incident)));
  }

  private void onControl(ControlMessage control, Context ctx, Collector<CapAlert> out)
      throws Exception {
    String refusal = roster.refusal(control);
    if (refusal != null) {
      reject(control, RejectReason.NOT_ALLOWED, refusal, ctx);
      return;
    }
    WarningState s = state.value();
    if (s == null) {
      if (ctx.timerService().currentWatermark() < control.at().toEpochMilli()) {
        // the incident may still be on its way: the two streams arrive in no common order
        earlyControls.add(EventJson.writeString(control));
        ctx.timerService().registerEventTimeTimer(control.at().toEpochMilli());
      } else {
        rejectUnknown(control, ctx);
      }
      return;
    }
    apply(control, s, ctx, out);
  }

  private void apply(ControlMessage control, WarningState s, Context ctx, Collector<CapAlert> out)
      throws Exception {
    Incident latest = read(s.latestJson());
    switch (control.action()) {
      case APPROVE_WARNING -> approve(control, s, latest, ctx, out);
      default -> {
        // the incident lifecycle's business: a false alarm reaches here as a cleared version
      }
    }
  }

  private void approve(
      ControlMessage control, WarningState s, Incident latest, Context ctx, Collector<CapAlert> out)
      throws Exception {
    Incident subject = s.pendingJson() != null ? read(s.pendingJson()) : latest;
    boolean supervisor = control.role() == ControlMessage.Role.SUPERVISOR;
    if (!supervisor && needsSupervisor(subject.severity())) {
      reject(
          control,
          RejectReason.NOT_ALLOWED,
          "a "
              + subject.severity().name().toLowerCase(Locale.ROOT)
              + " warning needs a supervisor's approval; "
              + control.actor()
              + " is an operator",
          ctx);
      return;
    }
    WarningState approved = s;
    if (supervisor) {
      Severity upTo = s.approvedUpTo();
      if (needsSupervisor(subject.severity())
          && (upTo == null || subject.severity().isAbove(upTo))) {
        upTo = subject.severity();
      }
      Instant at =
          s.supervisorApprovedAt() == null || control.at().isAfter(s.supervisorApprovedAt())
              ? control.at()
              : s.supervisorApprovedAt();
      approved = s.approved(upTo, at, true);
    } else {
      approved = s.approved(s.approvedUpTo(), s.supervisorApprovedAt(), true);
    }
    state.update(approved);
    if (approved.pendingJson() != null) {
      decide(read(approved.pendingJson()), approved, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CapAlert> out)
      throws Exception {
    if (state.value() == null) {
      List<String> keep = new ArrayList<>();
      for (String json : earlyControls.get()) {
        ControlMessage control = readControl(json);
        if (control.at().toEpochMilli() <= timestamp) {
          rejectUnknown(control, ctx);
        } else {
          keep.add(json);
        }
      }
      earlyControls.update(keep);
    }
    WarningState s = state.value();
    if (s == null || s.pendingJson() == null || s.escalated()) {
      return;
    }
    if (s.pendingSince().plus(config.approvalEscalateAfter()).toEpochMilli() > timestamp) {
      return; // a timer of an earlier wait
    }
    WarningState escalated = s.escalatedNow();
    state.update(escalated);
    Incident waiting = read(s.pendingJson());
    ctx.output(PENDING, pending(waiting, s.pendingReason(), s.pendingSince(), true, false));
  }

  /** Controls that came before their incident, applied now that it is known. */
  private void applyEarlyControls(Context ctx, Collector<CapAlert> out) throws Exception {
    List<String> early = new ArrayList<>();
    earlyControls.get().forEach(early::add);
    if (early.isEmpty()) {
      return;
    }
    earlyControls.clear();
    for (String json : early) {
      ControlMessage control = readControl(json);
      WarningState s = state.value();
      if (s == null) {
        rejectUnknown(control, ctx);
      } else {
        apply(control, s, ctx, out);
      }
    }
  }

  private void rejectUnknown(ControlMessage control, Context ctx) {
    reject(
        control,
        RejectReason.UNKNOWN_INCIDENT,
        "no public warning of incident '" + control.incidentId() + "' is known here",
        ctx);
  }

  private static ControlMessage readControl(String json) {
    return EventJson.readControl(json.getBytes(StandardCharsets.UTF_8));
  }

  private void resolvePending(WarningState s, Context ctx) {
    if (s.pendingJson() != null) {
      Incident waited = read(s.pendingJson());
      ctx.output(
          PENDING, pending(waited, s.pendingReason(), s.pendingSince(), s.escalated(), true));
    }
  }

  private void clear() {
    state.clear();
    references.clear();
  }

  private void reject(ControlMessage control, RejectReason reason, String detail, Context ctx) {
    ctx.output(REJECTED, RejectedOutput.ofControl(control, reason, detail));
  }

  private static PendingWarning pending(
      Incident i,
      PendingWarning.Reason reason,
      Instant since,
      boolean escalated,
      boolean resolved) {
    return new PendingWarning(
        i.incidentId(), i.version(), i.type(), i.severity(), reason, since, escalated, resolved);
  }

  private static Incident withSeverity(Incident i, Severity severity) {
    return new Incident(
        i.incidentId(),
        i.type(),
        i.area(),
        severity,
        i.status(),
        i.evidence(),
        i.version(),
        i.openedAt(),
        i.updatedAt(),
        i.clearedAt());
  }

  private static String areaKey(Incident i) {
    return i.area().center().lat() + "," + i.area().center().lon() + "," + i.area().radiusM();
  }

  private static Incident read(String json) {
    return EventJson.readIncident(json.getBytes(StandardCharsets.UTF_8));
  }
}
