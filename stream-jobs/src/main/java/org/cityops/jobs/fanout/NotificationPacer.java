package org.cityops.jobs.fanout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CapAlert;
import org.cityops.events.Notification;
import org.cityops.events.NotificationDigest;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;

/**
 * Per resident, paces the notifications below Severe: at most {@code maxPerHour} in any hour of
 * event time, none in the resident's quiet hours; what is held goes out as one {@link
 * NotificationDigest} (side output {@link #DIGESTS}) when the hold ends. Severe and Extreme go at
 * once, always, and replace what was held of their incident.
 *
 * <p>Counts, as Flink metrics: {@value #SENT} (notifications sent alone), {@value #HELD} (held for
 * a digest) and {@value #DIGESTS_SENT}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Input 1: the resident's notifications, each once ({@link NotificationDedup} before this),
 *       with the {@link Subscription.Pacing} the resident had when the warning met their place
 *       (null: the job's default limit, no quiet hours); their time is the CAP message's {@code
 *       sent}. Input 2: the resident's subscriptions, only for unsubscribing.
 *   <li>Holding: of one incident only the newest message is kept; a Cancel of an incident the
 *       resident never heard of removes its held messages and is itself dropped. The hold ends at
 *       the end of the quiet hours or when the oldest notification of the last hour leaves it
 *       (whichever is later, when both hold), by an event-time timer, or earlier when a
 *       notification at or after that time arrives first. A digest counts as one notification.
 *   <li>Output comes from state and event time only; the digest's identifier is its resident and
 *       release time, so a re-send after a restart is the same bytes.
 *   <li>State: the held notifications (cleared on release), the send times of the last hour (pruned
 *       as they age), and the incidents the resident heard of (removed at their Cancel; kept two
 *       days at most). An unsubscription drops all of it.
 * </ul>
 */
public final class NotificationPacer
    extends KeyedCoProcessFunction<String, PacedNotification, Subscription, Notification> {
  public static final OutputTag<NotificationDigest> DIGESTS =
      new OutputTag<>("notification-digests", TypeInformation.of(NotificationDigest.class));

  /** Flink metrics (counters), for the time-series store through the metrics reporter. */
  public static final String SENT = "notificationsSent";

  public static final String HELD = "notificationsHeld";
  public static final String DIGESTS_SENT = "digestsSent";

  private static final Duration HOUR = Duration.ofHours(1);

  private final int defaultMaxPerHour;
  private transient MapState<String, Notification> held; // by incident
  private transient ValueState<Long> releaseAt;
  private transient ValueState<String> holdReason;
  private transient ListState<Long> recent; // send times, epoch ms
  private transient MapState<String, Boolean> heard; // incidents
  private transient Counter sentCount;
  private transient Counter heldCount;
  private transient Counter digestCount;

  public NotificationPacer(int defaultMaxPerHour) {
    if (defaultMaxPerHour < 1) {
      throw new IllegalArgumentException("the default hourly limit must be at least 1");
    }
    this.defaultMaxPerHour = defaultMaxPerHour;
  }

  @Override
  public void open(OpenContext openContext) {
    held =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "held", Types.STRING, TypeInformation.of(Notification.class)));
    releaseAt = getRuntimeContext().getState(new ValueStateDescriptor<>("release-at", Types.LONG));
    holdReason =
        getRuntimeContext().getState(new ValueStateDescriptor<>("hold-reason", Types.STRING));
    recent = getRuntimeContext().getListState(new ListStateDescriptor<>("recent", Types.LONG));
    MapStateDescriptor<String, Boolean> heardDescriptor =
        new MapStateDescriptor<>("heard", Types.STRING, Types.BOOLEAN);
    heardDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofDays(2))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    heard = getRuntimeContext().getMapState(heardDescriptor);
    sentCount = getRuntimeContext().getMetricGroup().counter(SENT);
    heldCount = getRuntimeContext().getMetricGroup().counter(HELD);
    digestCount = getRuntimeContext().getMetricGroup().counter(DIGESTS_SENT);
  }

  @Override
  public void processElement1(PacedNotification in, Context ctx, Collector<Notification> out)
      throws Exception {
    Notification n = in.notification();
    Instant t = OffsetDateTime.parse(n.sent()).toInstant();
    Long due = releaseAt.value();
    if (due != null && t.toEpochMilli() >= due) {
      release(due, ctx); // its timer has not fired yet: the watermark lags this message
    }
    if (n.severity().compareTo(Severity.SEVERE) >= 0) {
      held.remove(n.incidentId()); // superseded by what goes now
      send(n, t, ctx, out);
      return;
    }
    Subscription.Pacing p = in.pacing();
    Instant quietEnd = quietEnd(p, t);
    if (quietEnd != null) {
      hold(n, quietEnd, NotificationDigest.QUIET_HOURS, ctx);
      return;
    }
    if (!held.isEmpty()) {
      hold(n, Instant.ofEpochMilli(releaseAt.value()), holdReason.value(), ctx);
      return;
    }
    List<Long> lastHour = lastHour(t);
    int limit = p != null && p.maxPerHour() != null ? p.maxPerHour() : defaultMaxPerHour;
    if (lastHour.size() >= limit) {
      hold(n, Instant.ofEpochMilli(lastHour.get(0)).plus(HOUR), NotificationDigest.RATE_LIMIT, ctx);
      return;
    }
    send(n, t, ctx, out);
  }

  @Override
  public void processElement2(Subscription s, Context ctx, Collector<Notification> out)
      throws Exception {
    if (!s.active()) {
      held.clear();
      releaseAt.clear();
      holdReason.clear();
      recent.clear();
      heard.clear();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Notification> out)
      throws Exception {
    Long due = releaseAt.value();
    if (due != null && due <= timestamp) {
      release(due, ctx);
    }
    lastHour(Instant.ofEpochMilli(timestamp)); // prunes
  }

  private void send(Notification n, Instant t, Context ctx, Collector<Notification> out)
      throws Exception {
    out.collect(n);
    sentCount.inc();
    heardOf(n);
    recent.add(t.toEpochMilli());
    ctx.timerService().registerEventTimeTimer(t.plus(HOUR).toEpochMilli()); // to forget it
  }

  private void heardOf(Notification n) throws Exception {
    if (n.msgType() == CapAlert.MsgType.Cancel) {
      heard.remove(n.incidentId());
    } else {
      heard.put(n.incidentId(), true);
    }
  }

  private void hold(Notification n, Instant until, String reason, Context ctx) throws Exception {
    heldCount.inc();
    if (n.msgType() == CapAlert.MsgType.Cancel && !heard.contains(n.incidentId())) {
      held.remove(n.incidentId()); // it began and ended unheard: nothing to tell
    } else {
      held.put(n.incidentId(), n);
    }
    Long due = releaseAt.value();
    if (due == null || until.toEpochMilli() > due) {
      releaseAt.update(until.toEpochMilli());
      holdReason.update(reason);
      ctx.timerService().registerEventTimeTimer(until.toEpochMilli());
    }
  }

  private void release(long at, Context ctx) throws Exception {
    List<Notification> items = new ArrayList<>();
    held.values().forEach(items::add);
    if (!items.isEmpty()) {
      items.sort(
          Comparator.comparing((Notification i) -> OffsetDateTime.parse(i.sent()).toInstant())
              .thenComparing(Notification::identifier));
      String resident = ctx.getCurrentKey();
      ctx.output(
          DIGESTS,
          new NotificationDigest(
              resident,
              "digest:" + resident + ":" + Instant.ofEpochMilli(at).getEpochSecond(),
              Instant.ofEpochMilli(at),
              holdReason.value(),
              items));
      digestCount.inc();
      for (Notification i : items) {
        heardOf(i);
      }
      recent.add(at);
      ctx.timerService().registerEventTimeTimer(at + HOUR.toMillis());
    }
    held.clear();
    releaseAt.clear();
    holdReason.clear();
  }

  /** The send times within the hour before {@code t}, oldest first; older ones are dropped. */
  private List<Long> lastHour(Instant t) throws Exception {
    long from = t.minus(HOUR).toEpochMilli();
    List<Long> kept = new ArrayList<>();
    for (Long sent : recent.get()) {
      if (sent > from) {
        kept.add(sent);
      }
    }
    kept.sort(Long::compare);
    if (kept.isEmpty()) {
      recent.clear();
    } else {
      recent.update(kept);
    }
    return kept;
  }

  /** When the quiet hours around {@code t} end, or null when {@code t} is not in them. */
  static Instant quietEnd(Subscription.Pacing p, Instant t) {
    if (p == null || p.quietFrom() == null) {
      return null;
    }
    ZoneId zone = ZoneId.of(p.timeZone());
    LocalTime from = LocalTime.parse(p.quietFrom());
    LocalTime to = LocalTime.parse(p.quietTo());
    ZonedDateTime local = t.atZone(zone);
    LocalTime now = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    if (from.isBefore(to)) {
      return !now.isBefore(from) && now.isBefore(to)
          ? ZonedDateTime.of(day, to, zone).toInstant()
          : null;
    }
    if (!now.isBefore(from)) {
      return ZonedDateTime.of(day.plusDays(1), to, zone).toInstant(); // across midnight
    }
    return now.isBefore(to) ? ZonedDateTime.of(day, to, zone).toInstant() : null;
  }
}
