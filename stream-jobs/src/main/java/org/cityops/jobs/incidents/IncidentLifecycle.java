package org.cityops.jobs.incidents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Area;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentChange;
import org.cityops.events.IncidentChange.Kind;
import org.cityops.events.IncidentStatus;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Severity;
import org.cityops.jobs.common.BoundedMemo;
import org.cityops.jobs.common.EventTimeQueue;
import org.cityops.jobs.common.RejectedOutput;

/**
 * The incidents operators work: the detectors' own incidents (detections) fused by kind and place,
 * and the operators' actions on them. Keyed by incident kind (the scope of fusion); every output is
 * a new version of an incident, for {@code city.incidents}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Order: detections and actions wait in state until the watermark passes their time and are
 *       taken in event-time order (at one instant detections before actions, each by id), so the
 *       versions do not depend on how the inputs interleave and a replay after a restart re-emits
 *       the same records. Input at or behind the watermark is taken at once. The price is latency:
 *       an incident leaves at most the watermark's out-of-orderness after its detection.
 *   <li>Fusion: a new, active detection joins the open incident of its kind whose area overlaps its
 *       own ({@link IncidentAreas}: the same zone, or overlapping circles); with none it opens an
 *       incident that takes the detection's id. When it overlaps several, the oldest (by opening
 *       time, then id) lives on and absorbs the others, each of which closes with {@link
 *       Incident#mergedInto()} pointing at it. Kinds in {@link LifecycleConfig#unfused()} never
 *       fuse. A detection's older or repeated versions are ignored.
 *   <li>Severity is the highest of the active detections' (and of an operator's escalation or
 *       opening severity): it rises at once, and falls only when the evidence has stayed lower for
 *       {@link LifecycleConfig#downgradeHold()}. Evidence is the active detections' evidence.
 *   <li>Clearing: when every detection of an incident has cleared, it clears itself: {@code
 *       CLEARED_ACK} if it was acknowledged (and is forgotten), else {@code CLEARED_UNACK}, kept
 *       for the acknowledgement for {@link LifecycleConfig#clearedRetention()} and then forgotten.
 *       An incident opened by hand never clears itself.
 *   <li>Actions (all but {@code approve_warning}, which is the warnings' business) are checked
 *       against the {@link ControlRoster}; an action on an incident not held here (never seen,
 *       merged and acknowledged, closed, forgotten) is refused with {@code unknown_incident}; a
 *       message id applied before is ignored. Acknowledge, assign, note, escalate, resolve and
 *       false alarm each make a version; resolve and false alarm close the incident ({@code
 *       CLEARED_ACK}) and its still-active detections are muted until they clear. Open makes an
 *       incident with the id the console chose.
 *   <li>State: the held incidents, the detections with the incident each belongs to (removed when
 *       they clear), when each held incident that cleared did so (removed with it), and the input
 *       waiting for the watermark. Timers: one per waiting instant, one per severity hold, one per
 *       cleared incident's retention. Each new detection and each timer passes over the kind's held
 *       incidents and reads only the active ones: the cleared ones, waiting for an acknowledgement
 *       up to {@link LifecycleConfig#clearedRetention()}, can be thousands in a long storm.
 * </ul>
 */
public final class IncidentLifecycle
    extends KeyedProcessFunction<String, LifecycleInput, Incident> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("rejected-actions");

  /** The signal of the evidence an operator's opening carries: a person confirmed it. */
  public static final String OPENED_BY_OPERATOR = "opened_by_operator";

  private static final int MAX_EVIDENCE = 50;

  /**
   * Incidents and detections kept parsed per instance: the active ones of a storm (hundreds here;
   * the cleared ones held for their acknowledgement are passed over unread); beyond, it parses
   * again what it dropped. At most 50 evidence items each, some 10 KB parsed.
   */
  static final int PARSED_KEPT = 2_048;

  private static final Comparator<LifecycleInput> IN_ORDER =
      Comparator.comparing((LifecycleInput in) -> in.control() != null)
          .thenComparing(
              in ->
                  in.detection() != null
                      ? in.detection().incidentId() + "#" + in.detection().version()
                      : in.control().messageId());

  private final LifecycleConfig config;
  private transient MapState<String, ManagedState> incidents;
  private transient MapState<String, Member> members;

  /**
   * The held incidents that have cleared, waiting for their acknowledgement: id -> when they
   * cleared (epoch ms). The scans of the held incidents pass over these without parsing them: in a
   * storm that nobody acknowledges for hours they outnumber the active ones by far, and reading
   * each at every detection and every timer made the job's cost per input grow with them. Missing
   * for an incident held by a release before it (found and added by the next timer's scan).
   */
  private transient MapState<String, Long> clearedAt;

  private transient EventTimeQueue<LifecycleInput> pending;

  /**
   * The incidents and detections of the state, parsed: each detection reads the active incidents of
   * its kind.
   */
  private transient BoundedMemo<String, Incident> parsed;

  public IncidentLifecycle(LifecycleConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    incidents =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "incidents", Types.STRING, TypeInformation.of(ManagedState.class)));
    members =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "detections", Types.STRING, TypeInformation.of(Member.class)));
    clearedAt =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("cleared-incidents", Types.STRING, Types.LONG));
    parsed =
        BoundedMemo.of(
            json -> EventJson.readIncident(json.getBytes(StandardCharsets.UTF_8)), PARSED_KEPT);
    pending =
        EventTimeQueue.open(
            getRuntimeContext(), "pending", TypeInformation.of(LifecycleInput.class));
  }

  @Override
  public void processElement(LifecycleInput in, Context ctx, Collector<Incident> out)
      throws Exception {
    if (!pending.addUnlessDue(ctx.timerService(), in.time().toEpochMilli(), in)) {
      apply(in, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    for (LifecycleInput in : pending.take(timestamp).stream().sorted(IN_ORDER).toList()) {
      apply(in, ctx, out);
    }
    Instant now = Instant.ofEpochMilli(timestamp);
    long retention = config.clearedRetention().toMillis();
    List<String> forgotten = new ArrayList<>();
    List<String> dueToLower = new ArrayList<>();
    for (Map.Entry<String, ManagedState> e : incidents.entries()) {
      String id = e.getKey();
      ManagedState st = e.getValue();
      Long cleared = clearedAt.get(id);
      if (cleared == null) {
        Incident cur = read(st.incidentJson());
        if (!cur.status().isActive()) {
          cleared = cur.clearedAt().toEpochMilli(); // held by an earlier release: noted now
          clearedAt.put(id, cleared);
        } else if (st.lowerSince() != null
            && !st.lowerSince().plus(config.downgradeHold()).isAfter(now)) {
          dueToLower.add(id);
        }
      }
      if (cleared != null && cleared + retention <= timestamp) {
        forgotten.add(id); // nobody acknowledged it in time
      }
    }
    for (String id : forgotten) {
      incidents.remove(id);
      clearedAt.remove(id);
    }
    Collections.sort(dueToLower); // the versions in the same order on every replay
    for (String id : dueToLower) {
      ManagedState st = incidents.get(id);
      lowerIfStillLower(id, st, read(st.incidentJson()), now, out);
    }
  }

  private void apply(LifecycleInput in, Context ctx, Collector<Incident> out) throws Exception {
    if (in.detection() != null) {
      onDetection(in.detection(), ctx, out);
    } else {
      onControl(in.control(), ctx, out);
    }
  }

  // ---- detections -------------------------------------------------------------------------

  private void onDetection(Incident d, Context ctx, Collector<Incident> out) throws Exception {
    Member known = members.get(d.incidentId());
    if (known != null) {
      if (read(known.detectionJson()).version() >= d.version()) {
        return; // a repeat, or older than what we have
      }
      ManagedState owner = incidents.get(known.incidentId());
      if (d.status().isActive()) {
        members.put(d.incidentId(), new Member(known.incidentId(), json(d)));
      } else {
        members.remove(d.incidentId());
      }
      if (owner != null && read(owner.incidentJson()).status().isActive()) {
        recompute(known.incidentId(), owner, d.updatedAt(), change(Kind.EVIDENCE, d), ctx, out);
      } // else: muted, its incident was closed by an operator
      return;
    }
    if (!d.status().isActive()) {
      return; // over before it was seen active; nothing to clear
    }
    List<String> overlapping = new ArrayList<>();
    if (!config.unfused().contains(d.type())) {
      for (Map.Entry<String, ManagedState> e : incidents.entries()) {
        if (clearedAt.contains(e.getKey())) {
          continue;
        }
        Incident cur = read(e.getValue().incidentJson());
        if (cur.status().isActive() && IncidentAreas.overlap(cur.area(), d.area())) {
          overlapping.add(e.getKey());
        }
      }
      Collections.sort(overlapping); // merged in the same order on every replay
    }
    if (overlapping.isEmpty()) {
      if (incidents.contains(d.incidentId())) {
        return; // the id of one still held (cleared, waiting for its acknowledgement)
      }
      members.put(d.incidentId(), new Member(d.incidentId(), json(d)));
      Incident opened =
          new Incident(
              d.incidentId(),
              d.type(),
              d.area(),
              d.severity(),
              IncidentStatus.ACTIVE_UNACK,
              d.evidence(),
              1,
              d.updatedAt(),
              d.updatedAt(),
              null,
              null,
              null,
              change(Kind.OPENED, d));
      emit(opened, new ManagedState(null, null, null, false, List.of()), out);
      return;
    }
    String oldest = oldest(overlapping);
    members.put(d.incidentId(), new Member(oldest, json(d)));
    boolean absorbed = false;
    for (String other : overlapping) {
      if (!other.equals(oldest)) {
        mergeInto(other, oldest, d.updatedAt(), ctx, out);
        absorbed = true;
      }
    }
    recompute(
        oldest,
        incidents.get(oldest),
        d.updatedAt(),
        change(absorbed ? Kind.ABSORBED : Kind.EVIDENCE, d),
        ctx,
        out);
  }

  private String oldest(List<String> ids) throws Exception {
    String best = null;
    Instant bestAt = null;
    for (String id : ids) {
      Instant openedAt = read(incidents.get(id).incidentJson()).openedAt();
      if (best == null
          || openedAt.isBefore(bestAt)
          || (openedAt.equals(bestAt) && id.compareTo(best) < 0)) {
        best = id;
        bestAt = openedAt;
      }
    }
    return best;
  }

  /** The younger incident closes into the older: its detections move, and it says where. */
  private void mergeInto(
      String youngerId, String olderId, Instant at, Context ctx, Collector<Incident> out)
      throws Exception {
    for (Map.Entry<String, Member> m : membersOf(youngerId)) {
      members.put(m.getKey(), new Member(olderId, m.getValue().detectionJson()));
    }
    ManagedState st = incidents.get(youngerId);
    Incident cur = read(st.incidentJson());
    IncidentStatus closed =
        cur.status() == IncidentStatus.ACTIVE_ACK
            ? IncidentStatus.CLEARED_ACK
            : IncidentStatus.CLEARED_UNACK;
    Instant when = later(at, cur);
    emit(
        next(cur, cur.severity(), closed, when, IncidentChange.of(Kind.MERGED, olderId))
            .withMergedInto(olderId),
        st,
        out);
    if (closed == IncidentStatus.CLEARED_UNACK) {
      ctx.timerService()
          .registerEventTimeTimer(when.plus(config.clearedRetention()).toEpochMilli());
    }
  }

  /**
   * The incident's severity, area and evidence from its active detections after {@code change}:
   * cleared when none is left (unless opened by hand).
   */
  private void recompute(
      String id,
      ManagedState st,
      Instant at,
      IncidentChange change,
      Context ctx,
      Collector<Incident> out)
      throws Exception {
    Incident cur = read(st.incidentJson());
    List<Incident> active = activeDetectionsOf(id);
    if (active.isEmpty() && !st.manual()) {
      IncidentStatus cleared =
          cur.status() == IncidentStatus.ACTIVE_ACK
              ? IncidentStatus.CLEARED_ACK
              : IncidentStatus.CLEARED_UNACK;
      Instant when = later(at, cur);
      emit(
          next(cur, cur.severity(), cleared, when, IncidentChange.of(Kind.CLEARED, change.by())),
          st,
          out);
      if (cleared == IncidentStatus.CLEARED_UNACK) {
        ctx.timerService()
            .registerEventTimeTimer(when.plus(config.clearedRetention()).toEpochMilli());
      }
      return;
    }
    Severity target = target(active, st);
    Severity severity = cur.severity();
    Instant lowerSince = null;
    Kind kind = change.kind();
    if (target.isAbove(severity)) {
      severity = target;
      kind = kind == Kind.EVIDENCE ? Kind.SEVERITY_RAISED : kind;
    } else if (severity.isAbove(target)) {
      lowerSince = st.lowerSince() != null ? st.lowerSince() : at;
      ctx.timerService()
          .registerEventTimeTimer(lowerSince.plus(config.downgradeHold()).toEpochMilli());
    }
    List<Area> areas = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    if (st.manual()) {
      areas.add(cur.area());
      cur.evidence().stream()
          .filter(e -> e.signal().equals(OPENED_BY_OPERATOR))
          .forEach(evidence::add);
    }
    for (Incident d : active) {
      areas.add(d.area());
      evidence.addAll(d.evidence());
    }
    Incident updated =
        new Incident(
            cur.incidentId(),
            cur.type(),
            IncidentAreas.cover(areas),
            severity,
            cur.status(),
            newest(evidence),
            cur.version() + 1,
            cur.openedAt(),
            later(at, cur),
            null,
            cur.assignee(),
            null,
            new IncidentChange(kind, change.by(), change.note()));
    emit(updated, new ManagedState(null, lowerSince, st.floor(), st.manual(), st.actions()), out);
  }

  private void lowerIfStillLower(
      String id, ManagedState st, Incident cur, Instant now, Collector<Incident> out)
      throws Exception {
    Severity target = target(activeDetectionsOf(id), st);
    ManagedState settled =
        new ManagedState(st.incidentJson(), null, st.floor(), st.manual(), st.actions());
    if (!cur.severity().isAbove(target)) {
      incidents.put(id, settled); // the evidence came back up in time
      return;
    }
    emit(
        next(
            cur,
            target,
            cur.status(),
            null,
            IncidentChange.of(Kind.SEVERITY_LOWERED, null),
            later(now, cur)),
        settled,
        out);
  }

  private static Severity target(List<Incident> active, ManagedState st) {
    Severity target = st.floor();
    for (Incident d : active) {
      if (target == null || d.severity().isAbove(target)) {
        target = d.severity();
      }
    }
    return target == null ? Severity.MINOR : target;
  }

  private List<Incident> activeDetectionsOf(String id) throws Exception {
    List<Incident> active = new ArrayList<>();
    for (Map.Entry<String, Member> m : membersOf(id)) {
      Incident d = read(m.getValue().detectionJson());
      if (d.status().isActive()) {
        active.add(d);
      }
    }
    return active;
  }

  /** The newest evidence first, at most {@link #MAX_EVIDENCE} items, so a version stays small. */
  private static List<Evidence> newest(List<Evidence> evidence) {
    return evidence.stream()
        .sorted(
            Comparator.comparing(Evidence::time)
                .reversed()
                .thenComparing(Evidence::sourceId)
                .thenComparing(Evidence::signal))
        .limit(MAX_EVIDENCE)
        .toList();
  }

  // ---- operators' actions ---------------------------------------------------------------

  private void onControl(ControlMessage c, Context ctx, Collector<Incident> out) throws Exception {
    if (c.action() == ControlMessage.Action.APPROVE_WARNING) {
      return; // the warnings' business, not the incident's
    }
    String refusal = config.roster().refusal(c);
    if (refusal != null) {
      reject(c, RejectReason.NOT_ALLOWED, refusal, ctx);
      return;
    }
    ManagedState st = incidents.get(c.incidentId());
    if (c.action() == ControlMessage.Action.OPEN) {
      openByHand(c, st, ctx, out);
      return;
    }
    if (st == null) {
      reject(
          c,
          RejectReason.UNKNOWN_INCIDENT,
          "no open or unacknowledged incident '" + c.incidentId() + "' is held here",
          ctx);
      return;
    }
    if (st.actions().contains(c.messageId())) {
      return; // re-sent: applied once
    }
    List<String> actions = new ArrayList<>(st.actions());
    actions.add(c.messageId());
    ManagedState acted =
        new ManagedState(st.incidentJson(), st.lowerSince(), st.floor(), st.manual(), actions);
    Incident cur = read(st.incidentJson());
    Instant at = later(c.at(), cur);
    IncidentChange change = new IncidentChange(kindOf(c.action()), c.actor(), c.note());
    switch (c.action()) {
      case ACKNOWLEDGE -> {
        IncidentStatus acked =
            cur.status() == IncidentStatus.ACTIVE_UNACK
                ? IncidentStatus.ACTIVE_ACK
                : cur.status() == IncidentStatus.CLEARED_UNACK ? IncidentStatus.CLEARED_ACK : null;
        if (acked == null) {
          incidents.put(c.incidentId(), acted); // acknowledged already
        } else {
          emit(next(cur, cur.severity(), acked, cur.clearedAt(), change, at), acted, out);
        }
      }
      case ASSIGN -> emit(next(cur, change, at).withAssignee(c.assignee()), acted, out);
      case NOTE -> emit(next(cur, change, at), acted, out);
      case ESCALATE -> escalate(c, cur, acted, change, at, ctx, out);
      case RESOLVE, FALSE_ALARM -> {
        Instant closedAt = cur.clearedAt() != null ? cur.clearedAt() : at;
        emit(
            next(cur, cur.severity(), IncidentStatus.CLEARED_ACK, closedAt, change, at),
            acted,
            out);
      }
      default -> throw new IllegalStateException("unhandled action " + c.action());
    }
  }

  private void escalate(
      ControlMessage c,
      Incident cur,
      ManagedState acted,
      IncidentChange change,
      Instant at,
      Context ctx,
      Collector<Incident> out)
      throws Exception {
    if (!cur.status().isActive()) {
      reject(c, RejectReason.NOT_ALLOWED, "a cleared incident cannot be escalated", ctx);
      return;
    }
    Severity to =
        c.severity() != null
            ? c.severity()
            : cur.severity().ordinal() + 1 < Severity.values().length
                ? Severity.values()[cur.severity().ordinal() + 1]
                : cur.severity();
    if (!to.isAbove(cur.severity())) {
      reject(
          c,
          RejectReason.NOT_ALLOWED,
          "escalation must raise the severity; the incident is "
              + cur.severity().name().toLowerCase(java.util.Locale.ROOT)
              + " already",
          ctx);
      return;
    }
    emit(
        next(cur, to, cur.status(), null, change, at),
        new ManagedState(null, null, to, acted.manual(), acted.actions()),
        out);
  }

  private void openByHand(ControlMessage c, ManagedState st, Context ctx, Collector<Incident> out)
      throws Exception {
    if (st != null || members.contains(c.incidentId())) {
      if (st == null || !st.actions().contains(c.messageId())) {
        reject(
            c,
            RejectReason.CONFLICTING_DUPLICATE,
            "an incident '" + c.incidentId() + "' exists already",
            ctx);
      }
      return;
    }
    Incident opened =
        new Incident(
            c.incidentId(),
            c.type(),
            c.area(),
            c.severity(),
            IncidentStatus.ACTIVE_UNACK,
            List.of(new Evidence(OPENED_BY_OPERATOR, c.actor(), c.at(), 1, null)),
            1,
            c.at(),
            c.at(),
            null,
            null,
            null,
            new IncidentChange(Kind.OPENED, c.actor(), c.note()));
    emit(opened, new ManagedState(null, null, c.severity(), true, List.of(c.messageId())), out);
  }

  private static Kind kindOf(ControlMessage.Action action) {
    return switch (action) {
      case ACKNOWLEDGE -> Kind.ACKNOWLEDGED;
      case ASSIGN -> Kind.ASSIGNED;
      case NOTE -> Kind.NOTE;
      case ESCALATE -> Kind.ESCALATED;
      case RESOLVE -> Kind.RESOLVED;
      case FALSE_ALARM -> Kind.FALSE_ALARM;
      case OPEN -> Kind.OPENED;
      case APPROVE_WARNING -> throw new IllegalArgumentException("not an incident action");
    };
  }

  private void reject(ControlMessage c, RejectReason reason, String detail, Context ctx) {
    ctx.output(REJECTED, RejectedOutput.ofControl(c, reason, detail));
  }

  // ---- versions and state -----------------------------------------------------------------

  /**
   * Sends a version and keeps it; a closed and acknowledged incident is forgotten (its detections
   * stay, muted, until they clear).
   */
  private void emit(Incident version, ManagedState st, Collector<Incident> out) throws Exception {
    out.collect(version.validate());
    String id = version.incidentId();
    if (version.status() == IncidentStatus.CLEARED_ACK) {
      incidents.remove(id);
    } else {
      incidents.put(
          id,
          new ManagedState(json(version), st.lowerSince(), st.floor(), st.manual(), st.actions()));
    }
    if (version.status() == IncidentStatus.CLEARED_UNACK) {
      clearedAt.put(id, version.clearedAt().toEpochMilli());
    } else {
      clearedAt.remove(id);
    }
  }

  private static Incident next(Incident cur, IncidentChange change, Instant at) {
    return next(cur, cur.severity(), cur.status(), cur.clearedAt(), change, at);
  }

  private static Incident next(
      Incident cur, Severity severity, IncidentStatus status, Instant at, IncidentChange change) {
    return next(cur, severity, status, at, change, at);
  }

  private static Incident next(
      Incident cur,
      Severity severity,
      IncidentStatus status,
      Instant clearedAt,
      IncidentChange change,
      Instant at) {
    return new Incident(
        cur.incidentId(),
        cur.type(),
        cur.area(),
        severity,
        status,
        cur.evidence(),
        cur.version() + 1,
        cur.openedAt(),
        at,
        status.isActive() ? null : clearedAt,
        cur.assignee(),
        cur.mergedInto(),
        change);
  }

  /** Versions never go back in time, even for input behind the incident's last change. */
  private static Instant later(Instant at, Incident cur) {
    return at.isAfter(cur.updatedAt()) ? at : cur.updatedAt();
  }

  private static IncidentChange change(Kind kind, Incident detection) {
    return IncidentChange.of(kind, detection.incidentId());
  }

  /**
   * The detections held for incident {@code id}, by detection id: the same order on every replay
   * (map state iterates in no set order). Picked out before sorting: a kind can hold hundreds of
   * active detections in a storm, and copying and sorting all of them at every detection was a
   * third of the lifecycle's time.
   */
  private List<Map.Entry<String, Member>> membersOf(String id) throws Exception {
    List<Map.Entry<String, Member>> list = new ArrayList<>();
    for (Map.Entry<String, Member> e : members.entries()) {
      if (e.getValue().incidentId().equals(id)) {
        list.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    list.sort(Map.Entry.comparingByKey());
    return list;
  }

  private static String json(Incident i) {
    return EventJson.writeString(i);
  }

  private Incident read(String json) {
    return parsed.get(json);
  }

  /** How many incidents' and detections' JSON texts this instance has parsed (for tests). */
  long parsedSoFar() {
    return parsed.computed();
  }
}
