package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.jobs.common.WatermarkBuffer;
import org.cityops.roads.DetectorSite;

/**
 * Per detector, whether its readings can be trusted, so that a broken detector never looks like a
 * calm road:
 *
 * <ul>
 *   <li>stuck: exactly the same values with vehicles counted {@code stuckInARow} times in a row (a
 *       frozen camera frame, a controller repeating its buffer; real traffic never repeats itself
 *       that exactly). Its readings are held back from the traffic functions until its values
 *       change again. Readings where no vehicle passed may repeat forever: a quiet night, or a
 *       queue standing still over the detector (full occupancy, no count, no speed).
 *   <li>silent: no reading for {@code silentAfter} of event time; the end of a finite input is not
 *       silence.
 * </ul>
 *
 * Either raises a {@code sensor_maintenance} incident (Minor), cleared by the next reading with
 * changing values (at the incident's opening when that reading is older: a late reading from before
 * a silence was declared).
 *
 * <p>Contract: readings wait for the watermark and are judged in event-time order; one already
 * behind the watermark is judged at once unless it is not newer than the last one judged (late or
 * duplicate: dropped, the first of a time wins). Output readings keep their event time. State: the
 * last reading, the run length and the open incident, one small record per detector of the layout
 * (unknown detectors never get here), kept while the job runs because silence can only be seen
 * against it; readings waiting for the watermark, dropped once judged. Timers: one per waiting
 * reading and one for the silence after the newest reading (the one before is deleted).
 */
public final class DetectorHealthFunction
    extends KeyedProcessFunction<String, DetectorReading, DetectorReading> {
  private transient org.apache.flink.metrics.Counter signals;
  public static final OutputTag<Incident> MAINTENANCE =
      new OutputTag<>("traffic-maintenance", TypeInformation.of(Incident.class));

  private final int stuckInARow;
  private final java.time.Duration silentAfter;
  private final Map<String, DetectorSite> sites;
  private transient ValueState<HealthState> state;
  private transient WatermarkBuffer<DetectorReading> waiting;

  public DetectorHealthFunction(
      int stuckInARow, java.time.Duration silentAfter, Map<String, DetectorSite> sites) {
    this.stuckInARow = stuckInARow;
    this.silentAfter = silentAfter;
    this.sites = Map.copyOf(sites);
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "detector_health");
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("stuck", HealthState.class));
    waiting =
        WatermarkBuffer.open(
            getRuntimeContext(), "waiting", TypeInformation.of(DetectorReading.class));
  }

  @Override
  public void processElement(DetectorReading r, Context ctx, Collector<DetectorReading> out)
      throws Exception {
    signals.inc();
    if (waiting.holdUnlessDue(ctx.timerService(), r.time().toEpochMilli(), r)) {
      judge(r, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DetectorReading> out)
      throws Exception {
    DetectorReading r = waiting.release(timestamp);
    if (r != null) {
      judge(r, ctx, out);
      return;
    }
    HealthState s = state.value();
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    if (s != null
        && s.incidentId() == null
        && !endOfInput
        && s.last().time().plus(silentAfter).toEpochMilli() == timestamp) {
      Instant at = Instant.ofEpochMilli(timestamp);
      String id = "sensor_maintenance:" + ctx.getCurrentKey() + ":" + at.getEpochSecond();
      ctx.output(
          MAINTENANCE,
          incident(
              s.last().detectorId(),
              id,
              at,
              1,
              at,
              null,
              "silent_minutes",
              silentAfter.toMinutes()));
      state.update(new HealthState(s.last(), 0, id, at, 1));
    }
  }

  private void judge(DetectorReading r, Context ctx, Collector<DetectorReading> out)
      throws Exception {
    HealthState s = state.value();
    if (s != null && !r.time().isAfter(s.last().time())) {
      return;
    }
    // nobody passing repeats itself honestly: an empty road at night, or a queue standing still
    // over the loop (full occupancy, no count, no speed); only counted traffic cannot repeat
    boolean empty = r.flow() == 0;
    int run = !empty && s != null && r.sameValuesAs(s.last()) ? s.run() + 1 : 1;
    if (s != null && s.incidentId() != null && s.run() == 0) {
      run = 1; // back from silence: any reading counts as changing
    }
    if (s != null) {
      long outdated = s.last().time().plus(silentAfter).toEpochMilli();
      if (!waiting.holds(outdated)) { // a waiting reading may share the instant
        ctx.timerService().deleteEventTimeTimer(outdated);
      }
    }
    ctx.timerService().registerEventTimeTimer(r.time().plus(silentAfter).toEpochMilli());
    String incidentId = s == null ? null : s.incidentId();
    Instant openedAt = s == null ? null : s.openedAt();
    long version = s == null ? 0 : s.version();
    if (incidentId == null && run >= stuckInARow) {
      openedAt = r.time();
      incidentId = "sensor_maintenance:" + r.detectorId() + ":" + openedAt.getEpochSecond();
      version = 1;
      ctx.output(
          MAINTENANCE,
          incident(
              r.detectorId(),
              incidentId,
              openedAt,
              version,
              r.time(),
              null,
              "identical_readings_in_a_row",
              run));
    } else if (incidentId != null && run == 1) {
      version++;
      // a late reading from before a silence was declared (judged behind the watermark) clears it
      // at its opening: a version never predates the incident
      Instant clearedAt = r.time().isBefore(openedAt) ? openedAt : r.time();
      ctx.output(
          MAINTENANCE,
          incident(
              r.detectorId(),
              incidentId,
              openedAt,
              version,
              clearedAt,
              clearedAt,
              "reporting_changing_values",
              0));
      incidentId = null;
      openedAt = null;
      version = 0;
    }
    if (incidentId == null) {
      out.collect(r);
    }
    state.update(new HealthState(r, run, incidentId, openedAt, version));
  }

  private Incident incident(
      String detector,
      String id,
      Instant openedAt,
      long version,
      Instant at,
      Instant clearedAt,
      String signal,
      double value) {
    DetectorSite site = sites.get(detector);
    return new Incident(
        id,
        IncidentType.SENSOR_MAINTENANCE,
        new Area(site.location(), 0, detector),
        Severity.MINOR,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(new Evidence(signal, detector, at, value, null)),
        version,
        openedAt,
        at,
        clearedAt);
  }

  /**
   * The detector's last judged reading, its run of identical values (0 while silent) and its open
   * incident.
   */
  public record HealthState(
      DetectorReading last, int run, String incidentId, Instant openedAt, long version) {}
}
