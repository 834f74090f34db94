package org.cityops.jobs.rain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;

/**
 * Per rain gauge, the lifecycle of its heavy-rain incident, driven by the hourly sums.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Opens when the hourly sum reaches strong (version 1, severity Moderate; very strong is
 *       Severe). The id is the gauge and the event time it opened, so a replay yields the same id.
 *   <li>Severity rises at once; it falls only after the rain stayed in the lower class for the
 *       downgrade hold. The incident clears (status CLEARED_UNACK, last version) after the rain
 *       stayed below strong for the clear hold. Every change is a new version; nothing else is
 *       emitted, so consumers see few, meaningful updates.
 *   <li>Sums are taken in windowEnd order; a re-emitted sum for an hour already passed (a late
 *       reading) does not move the lifecycle back.
 *   <li>Output is built from state and event time only, never from the clock.
 *   <li>State is cleared when the incident clears. A gauge that goes silent keeps its incident
 *       open: silence is not calm (gauge health raises its own incident).
 * </ul>
 */
public final class HeavyRainIncidentFunction
    extends KeyedProcessFunction<String, HourlyRain, Incident> {
  /** The area an incident covers around its gauge. */
  public static final double GAUGE_RADIUS_M = 2_000;

  private final RainThresholds thresholds;
  private transient ValueState<HeavyRainState> state;

  public HeavyRainIncidentFunction(RainThresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("heavy-rain", HeavyRainState.class));
  }

  @Override
  public void processElement(HourlyRain sum, Context ctx, Collector<Incident> out)
      throws Exception {
    HeavyRainState s = state.value();
    RainIntensity intensity = RainIntensity.of(sum.rain1hMm(), thresholds);
    Instant at = sum.windowEnd();
    if (s == null) {
      if (intensity.isHeavy()) {
        HeavyRainState opened = HeavyRainState.open(sum, intensity.severity());
        state.update(opened);
        out.collect(incident(opened, sum, IncidentStatus.ACTIVE_UNACK, null));
      }
      return;
    }
    if (!at.isAfter(s.lastWindowEnd())) {
      // a corrected past hour may raise the recorded peak; the next version will carry it
      state.update(s.seen(sum));
      return;
    }
    s = s.seen(sum);
    if (!intensity.isHeavy()) {
      Instant normalSince = s.normalSince() == null ? at : s.normalSince();
      if (held(normalSince, at, thresholds.clearHold())) {
        out.collect(incident(s.nextVersion(s.severity()), sum, IncidentStatus.CLEARED_UNACK, at));
        state.clear();
      } else {
        state.update(s.spells(s.lowerSince(), normalSince));
      }
      return;
    }
    Severity target = intensity.severity();
    if (target.isAbove(s.severity())) {
      emit(s.nextVersion(target), sum, out);
    } else if (target == s.severity()) {
      state.update(s.spells(null, null));
    } else {
      Instant lowerSince = s.lowerSince() == null ? at : s.lowerSince();
      if (held(lowerSince, at, thresholds.downgradeHold())) {
        emit(s.nextVersion(target), sum, out);
      } else {
        state.update(s.spells(lowerSince, null));
      }
    }
  }

  private void emit(HeavyRainState changed, HourlyRain sum, Collector<Incident> out)
      throws Exception {
    state.update(changed);
    out.collect(incident(changed, sum, IncidentStatus.ACTIVE_UNACK, null));
  }

  private static boolean held(Instant since, Instant now, Duration hold) {
    return Duration.between(since, now).compareTo(hold) >= 0;
  }

  private static Incident incident(
      HeavyRainState s, HourlyRain latest, IncidentStatus status, Instant clearedAt) {
    List<Evidence> evidence = new ArrayList<>(2);
    evidence.add(new Evidence("rain_1h_peak_mm", latest.gaugeId(), s.peakAt(), s.peakMm(), "mm"));
    if (!latest.windowEnd().equals(s.peakAt())) {
      evidence.add(
          new Evidence(
              "rain_1h_mm", latest.gaugeId(), latest.windowEnd(), latest.rain1hMm(), "mm"));
    }
    return new Incident(
        s.incidentId(),
        IncidentType.HEAVY_RAIN,
        new Area(s.location(), GAUGE_RADIUS_M, latest.gaugeId()),
        s.severity(),
        status,
        evidence,
        s.version(),
        s.openedAt(),
        latest.windowEnd(),
        clearedAt);
  }
}
