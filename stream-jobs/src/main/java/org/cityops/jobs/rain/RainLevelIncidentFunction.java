package org.cityops.jobs.rain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.Severity;
import org.cityops.jobs.lifecycle.SeverityHold;

/**
 * Per rain gauge, the lifecycle of one kind of rain incident (heavy rain, siren level: see {@link
 * RainLevelRule}), driven by the gauge's rolling sums.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Opens (version 1) when the rule first calls for a severity. The id is the type, the gauge
 *       and the event time it opened, so a replay yields the same id.
 *   <li>Severity rises at once; it falls only after the rain stayed in the lower class for the
 *       downgrade hold. The incident clears (status CLEARED_UNACK, last version) after the rain
 *       stayed normal for the clear hold. Every change is a new version; nothing else is emitted.
 *   <li>Sums are taken in windowEnd order; a re-emitted sum for a time already passed (a late
 *       reading) does not move the lifecycle back, but may raise the peak the next version shows.
 *   <li>Output is built from state and event time only, never from the clock.
 *   <li>State is cleared when the incident clears. A gauge that goes silent keeps its incident
 *       open: silence is not calm (gauge health raises its own incident).
 * </ul>
 */
public final class RainLevelIncidentFunction
    extends KeyedProcessFunction<String, RainSums, Incident> {
  /** The area an incident covers around its gauge. */
  public static final double GAUGE_RADIUS_M = 2_000;

  private final RainLevelRule rule;
  private final SeverityHold hold;
  private transient ValueState<RainLevelState> state;

  public RainLevelIncidentFunction(RainLevelRule rule, RainThresholds thresholds) {
    this.rule = rule;
    this.hold = thresholds.holdRule();
  }

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("rain-level", RainLevelState.class));
  }

  @Override
  public void processElement(RainSums sums, Context ctx, Collector<Incident> out) throws Exception {
    RainLevelState s = state.value();
    Severity target = rule.classify(sums);
    Instant at = sums.windowEnd();
    if (s == null) {
      if (target != null) {
        emit(
            RainLevelState.open(rule.type().name().toLowerCase(Locale.ROOT), sums, target),
            sums,
            out);
      }
      return;
    }
    if (!at.isAfter(s.lastWindowEnd())) {
      // a corrected past sum may raise the recorded peak; the next version will carry it
      state.update(s.seen(sums));
      return;
    }
    s = s.seen(sums);
    SeverityHold.Decision d =
        hold.decide(s.severity(), target, at, s.lowerSince(), s.normalSince());
    switch (d.step()) {
      case CLEAR -> {
        out.collect(incident(s.nextVersion(s.severity()), sums, IncidentStatus.CLEARED_UNACK, at));
        state.clear();
      }
      case RAISE, LOWER -> emit(s.nextVersion(d.severity()), sums, out);
      case STAY -> state.update(s.spells(d.lowerSince(), d.normalSince()));
    }
  }

  private void emit(RainLevelState changed, RainSums sums, Collector<Incident> out)
      throws Exception {
    state.update(changed);
    out.collect(incident(changed, sums, IncidentStatus.ACTIVE_UNACK, null));
  }

  private Incident incident(
      RainLevelState s, RainSums latest, IncidentStatus status, Instant clearedAt) {
    List<Evidence> evidence = new ArrayList<>(3);
    evidence.add(new Evidence("rain_1h_peak_mm", latest.gaugeId(), s.peakAt(), s.peakMm(), "mm"));
    if (!latest.windowEnd().equals(s.peakAt())) {
      evidence.add(
          new Evidence(
              "rain_1h_mm", latest.gaugeId(), latest.windowEnd(), latest.rain1hMm(), "mm"));
    }
    evidence.add(
        new Evidence(
            "rain_24h_mm", latest.gaugeId(), latest.windowEnd(), latest.rain24hMm(), "mm"));
    return new Incident(
        s.incidentId(),
        rule.type(),
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
