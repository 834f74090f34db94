package org.cityops.jobs.rain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.Severity;

/**
 * Per rain gauge, whether it can be trusted: a gauge that falls silent, or reports missing values,
 * makes its area blind, and a blind area must not look calm. Raises a {@code sensor_maintenance}
 * incident (Minor) and clears it when the gauge reports a value again.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Reports are judged in event-time order: each waits for the watermark to pass its time, so
 *       the outcome does not depend on arrival order or processing speed. A report already behind
 *       the watermark is judged at once, unless it is older than the newest one judged (ignored:
 *       late data is summed elsewhere). Same gauge and time twice: the first report counts.
 *   <li>Silent: no report (value or missing marker) for {@code silentAfter} of event time; the
 *       incident opens at the instant the silence became too long (also when the next report shows
 *       the gap). The end of a finite input is not silence.
 *   <li>Missing values: {@code missingInARow} consecutive missing markers open it at the last one.
 *   <li>Cleared by the next report with a value; a late one from before the silence was declared
 *       (judged behind the watermark) clears it at its opening time, never before.
 *   <li>State: the gauge's last report time, location, run of missing values and open incident,
 *       kept while it reports (needed to see it fall silent); reports waiting for the watermark,
 *       dropped once judged; the time of its pending silence check. Timers: one per waiting report,
 *       and one silence check at a time: armed at the first report's due time, and when it fires
 *       before the newest report's due time it moves on to that (so a gauge reporting every 15
 *       minutes keeps one check, not one per report of the last {@code silentAfter}). Timers are
 *       never deleted: a deletion would also remove a waiting report's timer that falls on the same
 *       instant. A savepoint from before the single check restores with its checks, one per report,
 *       which fire and do what they did.
 * </ul>
 */
public final class GaugeHealthFunction extends KeyedProcessFunction<String, Reading, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  private final Duration silentAfter;
  private final int missingInARow;
  private transient ValueState<GaugeHealthState> state;
  private transient MapState<Long, Boolean> waiting;
  private transient ValueState<GeoPoint> location;

  /** When the pending silence check fires; none while no report is waiting to be missed. */
  private transient ValueState<Long> silenceCheckAt;

  public GaugeHealthFunction(Duration silentAfter, int missingInARow) {
    this.silentAfter = silentAfter;
    this.missingInARow = missingInARow;
  }

  @Override
  public void open(OpenContext openContext) {
    signals = org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "gauge_health");
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("gauge-health", GaugeHealthState.class));
    waiting =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("waiting-reports", Types.LONG, Types.BOOLEAN));
    location = getRuntimeContext().getState(new ValueStateDescriptor<>("location", GeoPoint.class));
    silenceCheckAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("silence-check-at", Types.LONG));
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    boolean missing = reading.quality() == Quality.MISSING || reading.rainMm() == null;
    long time = reading.time().toEpochMilli();
    location.update(reading.location());
    if (time <= ctx.timerService().currentWatermark()) {
      judge(ctx.getCurrentKey(), time, missing, ctx.timerService(), out);
    } else if (!waiting.contains(time)) {
      waiting.put(time, missing);
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    // a report and the silence check may share the instant (Flink keeps one timer per instant):
    // the report is judged first, so the check sees it
    Boolean missing = waiting.get(timestamp);
    if (missing != null) {
      // removing the last entry leaves no state behind (the heap backend drops an emptied map;
      // RocksDB keeps entries one by one): no isEmpty-then-clear, a lookup per reading
      waiting.remove(timestamp);
      judge(ctx.getCurrentKey(), timestamp, missing, ctx.timerService(), out);
    }
    Long armed = silenceCheckAt.value();
    boolean check = armed != null && armed == timestamp;
    if (check) {
      silenceCheckAt.clear();
    }
    GaugeHealthState s = state.value();
    if (s == null) {
      return;
    }
    long due = silenceDue(s.lastReportAt());
    // The end of a finite input (a backtest, a test) brings the watermark to the end of time:
    // that is the end of the data, not a gauge falling silent.
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    if (s.incidentId() == null && due == timestamp && !endOfInput) {
      state.update(raiseSilence(ctx.getCurrentKey(), s, timestamp, out));
    } else if (check && due > timestamp) {
      // newer reports came since the check was armed: check again when the newest is due
      armSilenceCheck(ctx.timerService(), due);
    }
  }

  /** Arms the silence check for {@code due} unless one is pending (it fires no later). */
  private void armSilenceCheck(org.apache.flink.streaming.api.TimerService timers, long due)
      throws Exception {
    if (silenceCheckAt.value() == null) {
      timers.registerEventTimeTimer(due);
      silenceCheckAt.update(due);
    }
  }

  /** One report, in event-time order. */
  private void judge(
      String gauge,
      long time,
      boolean missing,
      org.apache.flink.streaming.api.TimerService timers,
      Collector<Incident> out)
      throws Exception {
    GaugeHealthState s = state.value();
    Instant at = Instant.ofEpochMilli(time);
    if (s != null && !at.isAfter(s.lastReportAt())) {
      return;
    }
    armSilenceCheck(timers, silenceDue(at));
    if (s != null && s.incidentId() == null && time > silenceDue(s.lastReportAt())) {
      // the gap before this report was too long, whether or not a timer said so yet
      s = raiseSilence(gauge, s, silenceDue(s.lastReportAt()), out);
    }
    GeoPoint where = location.value();
    String incidentId = s == null ? null : s.incidentId();
    Instant openedAt = s == null ? null : s.openedAt();
    long version = s == null ? 0 : s.version();
    int run = 0;
    if (missing) {
      run = (s == null ? 0 : s.missingInARow()) + 1;
      if (incidentId == null && run >= missingInARow) {
        incidentId = incidentId(gauge, at);
        openedAt = at;
        version = 1;
        out.collect(
            incident(
                gauge,
                where,
                incidentId,
                openedAt,
                version,
                at,
                null,
                new Evidence("missing_values_in_a_row", gauge, at, run, null)));
      }
    } else if (incidentId != null) {
      version++;
      // a late report from before the silence was declared (delayed on its way, judged behind the
      // watermark) shows the gauge was alive after all: the incident clears at its own opening, as
      // a version may not predate it
      Instant clearedAt = at.isBefore(openedAt) ? openedAt : at;
      out.collect(
          incident(
              gauge,
              where,
              incidentId,
              openedAt,
              version,
              clearedAt,
              clearedAt,
              new Evidence("reporting_again", gauge, at, 0, null)));
      incidentId = null;
      openedAt = null;
      version = 0;
    }
    state.update(new GaugeHealthState(where, at, run, incidentId, openedAt, version));
  }

  /** A gauge's maintenance incident is named by the gauge and the event time it opened. */
  private static String incidentId(String gauge, Instant openedAt) {
    return "sensor_maintenance:" + gauge + ":" + openedAt.getEpochSecond();
  }

  private long silenceDue(Instant lastReport) {
    return lastReport.plus(silentAfter).toEpochMilli();
  }

  private GaugeHealthState raiseSilence(
      String gauge, GaugeHealthState s, long dueMillis, Collector<Incident> out) {
    Instant at = Instant.ofEpochMilli(dueMillis);
    String incidentId = incidentId(gauge, at);
    out.collect(
        incident(
            gauge,
            s.location(),
            incidentId,
            at,
            1,
            at,
            null,
            new Evidence("silent_minutes", gauge, at, silentAfter.toMinutes(), "min")));
    return new GaugeHealthState(
        s.location(), s.lastReportAt(), s.missingInARow(), incidentId, at, 1);
  }

  private static Incident incident(
      String gauge,
      GeoPoint where,
      String id,
      Instant openedAt,
      long version,
      Instant at,
      Instant clearedAt,
      Evidence evidence) {
    return new Incident(
        id,
        IncidentType.SENSOR_MAINTENANCE,
        new Area(where, 0, gauge),
        Severity.MINOR,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(evidence),
        version,
        openedAt,
        at,
        clearedAt);
  }
}
