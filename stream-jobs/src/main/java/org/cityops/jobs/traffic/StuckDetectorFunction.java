package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.roads.DetectorSite;

/**
 * Per detector, whether its readings can be trusted: a detector that sends exactly the same
 * non-empty values {@code stuckInARow} times in a row is stuck (a frozen camera frame, a controller
 * repeating its buffer), and real traffic never repeats itself that exactly. A stuck detector
 * raises a {@code sensor_maintenance} incident (Minor), and its readings are held back from the
 * traffic functions until its values change again, which clears the incident. Empty readings (no
 * vehicle, no occupancy: a quiet night) may repeat forever.
 *
 * <p>Contract: readings wait for the watermark and are judged in event-time order; one already
 * behind the watermark is judged at once unless it is not newer than the last one judged (late or
 * duplicate: dropped, the first of a time wins). Output readings keep their event time. State: the
 * last reading, the run length and the open incident, kept while the detector reports; readings
 * waiting for the watermark, dropped once judged. One timer per waiting reading.
 */
public final class StuckDetectorFunction
    extends KeyedProcessFunction<String, DetectorReading, DetectorReading> {
  public static final OutputTag<Incident> MAINTENANCE =
      new OutputTag<>("traffic-maintenance", TypeInformation.of(Incident.class));

  private final int stuckInARow;
  private final Map<String, DetectorSite> sites;
  private transient ValueState<StuckState> state;
  private transient MapState<Long, DetectorReading> waiting;

  public StuckDetectorFunction(int stuckInARow, Map<String, DetectorSite> sites) {
    this.stuckInARow = stuckInARow;
    this.sites = Map.copyOf(sites);
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("stuck", StuckState.class));
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting", Types.LONG, TypeInformation.of(DetectorReading.class)));
  }

  @Override
  public void processElement(DetectorReading r, Context ctx, Collector<DetectorReading> out)
      throws Exception {
    long time = r.time().toEpochMilli();
    if (time <= ctx.timerService().currentWatermark()) {
      judge(r, ctx, out);
    } else if (!waiting.contains(time)) {
      waiting.put(time, r);
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DetectorReading> out)
      throws Exception {
    DetectorReading r = waiting.get(timestamp);
    if (r != null) {
      waiting.remove(timestamp);
      judge(r, ctx, out);
    }
  }

  private void judge(DetectorReading r, Context ctx, Collector<DetectorReading> out)
      throws Exception {
    StuckState s = state.value();
    if (s != null && !r.time().isAfter(s.last().time())) {
      return;
    }
    boolean empty = r.flow() == 0 && r.occupancyPct() == 0;
    int run = !empty && s != null && r.sameValuesAs(s.last()) ? s.run() + 1 : 1;
    String incidentId = s == null ? null : s.incidentId();
    Instant openedAt = s == null ? null : s.openedAt();
    long version = s == null ? 0 : s.version();
    if (incidentId == null && run >= stuckInARow) {
      openedAt = r.time();
      incidentId = "sensor_maintenance:" + r.detectorId() + ":" + openedAt.getEpochSecond();
      version = 1;
      ctx.output(
          MAINTENANCE,
          incident(r, incidentId, openedAt, version, null, "identical_readings_in_a_row", run));
    } else if (incidentId != null && run == 1) {
      version++;
      ctx.output(
          MAINTENANCE,
          incident(r, incidentId, openedAt, version, r.time(), "values_changing_again", 0));
      incidentId = null;
      openedAt = null;
      version = 0;
    }
    if (incidentId == null) {
      out.collect(r);
    }
    state.update(new StuckState(r, run, incidentId, openedAt, version));
  }

  private Incident incident(
      DetectorReading r,
      String id,
      Instant openedAt,
      long version,
      Instant clearedAt,
      String signal,
      double value) {
    DetectorSite site = sites.get(r.detectorId());
    return new Incident(
        id,
        IncidentType.SENSOR_MAINTENANCE,
        new Area(site.location(), 0, r.detectorId()),
        Severity.MINOR,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(new Evidence(signal, r.detectorId(), r.time(), value, null)),
        version,
        openedAt,
        r.time(),
        clearedAt);
  }

  /** The detector's last judged reading, its run of identical values and its open incident. */
  public record StuckState(
      DetectorReading last, int run, String incidentId, Instant openedAt, long version) {}
}
