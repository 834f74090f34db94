package org.cityops.jobs.rain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.lifecycle.SeverityHold;
import org.cityops.jobs.rain.DetectorRule.InForce;

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
 *   <li>Rules change at run time: new versions of this detector's rule come on the broadcast input
 *       ({@code city.control}) and are all kept; each sum is judged by the highest version in force
 *       at its own window end (the starting rule is in force from the beginning of time). A version
 *       no higher than the starting one, or one pushed again with other thresholds, is ignored and
 *       logged; a version that can never be in force again (a higher one took effect no later) is
 *       dropped. Every incident version names the rule and version that judged it (evidence {@value
 *       RuleVersions#RULE_VERSION}: source the rule id, value the version).
 *   <li>A version arriving after sums past its effective time were judged does not judge them
 *       again: the engineers' tool sets the effective time no earlier than the push, and the sums
 *       of the last minutes are still ahead of the job's watermark.
 * </ul>
 */
public final class RainLevelIncidentFunction
    extends KeyedBroadcastProcessFunction<String, RainSums, RainRuleChange, Incident> {
  /** The area an incident covers around its gauge. */
  public static final double GAUGE_RADIUS_M = 2_000;

  private final IncidentType type;
  private final DetectorRule<RainLevelRule> rules;
  private final SeverityHold hold;
  private transient ValueState<RainLevelState> state;
  private transient org.apache.flink.metrics.Counter signals;

  /**
   * @param rule the rule the job starts with, in force until a higher version takes over
   * @param ruleId its id, and {@code version} its version (0 for the job's single settings)
   * @param thresholds the job's thresholds; a pushed version replaces only its own detector's
   */
  public RainLevelIncidentFunction(
      RainLevelRule rule, String ruleId, long version, RainThresholds thresholds) {
    this.type = rule.type();
    this.rules =
        new DetectorRule<>(
            type == IncidentType.SIREN_LEVEL
                ? RainRuleChange.Detector.SIREN_LEVEL
                : RainRuleChange.Detector.HEAVY_RAIN,
            ruleId,
            version,
            rule,
            change -> ruleOf(change, thresholds));
    this.hold = thresholds.holdRule();
  }

  /** With the job's starting rule as version 0 of an unnamed rule: for tests of the lifecycle. */
  public RainLevelIncidentFunction(RainLevelRule rule, RainThresholds thresholds) {
    this(rule, rule.type().name().toLowerCase(Locale.ROOT).replace('_', '-'), 0, thresholds);
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(
            getRuntimeContext(), type.name().toLowerCase(Locale.ROOT));
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("rain-level", RainLevelState.class));
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  /** The rule a pushed version sets; the other detector's thresholds and the holds stay. */
  static RainLevelRule ruleOf(RainRuleChange c, RainThresholds base) {
    return c.detector() == RainRuleChange.Detector.HEAVY_RAIN
        ? RainLevelRule.heavyRain(
            new RainThresholds(
                c.moderateMm(),
                c.strongMm(),
                c.veryStrongMm(),
                base.sirenHourMm(),
                base.sirenDayMm(),
                base.downgradeHold(),
                base.clearHold()))
        : RainLevelRule.sirenLevel(
            new RainThresholds(
                base.moderateMm(),
                base.strongMm(),
                base.veryStrongMm(),
                c.hourMm(),
                c.dayMm(),
                base.downgradeHold(),
                base.clearHold()));
  }

  @Override
  public void processElement(RainSums sums, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    RainLevelState s = state.value();
    InForce<RainLevelRule> rule =
        rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), sums.windowEnd());
    Severity target = rule.rule().classify(sums);
    Instant at = sums.windowEnd();
    if (s == null) {
      if (target != null) {
        emit(
            RainLevelState.open(type.name().toLowerCase(Locale.ROOT), sums, target),
            sums,
            rule,
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
        out.collect(
            incident(s.nextVersion(s.severity()), sums, rule, IncidentStatus.CLEARED_UNACK, at));
        state.clear();
      }
      case RAISE, LOWER -> emit(s.nextVersion(d.severity()), sums, rule, out);
      case STAY -> state.update(s.spells(d.lowerSince(), d.normalSince()));
    }
  }

  private void emit(
      RainLevelState changed, RainSums sums, InForce<RainLevelRule> rule, Collector<Incident> out)
      throws Exception {
    state.update(changed);
    out.collect(incident(changed, sums, rule, IncidentStatus.ACTIVE_UNACK, null));
  }

  private Incident incident(
      RainLevelState s,
      RainSums latest,
      InForce<RainLevelRule> rule,
      IncidentStatus status,
      Instant clearedAt) {
    List<Evidence> evidence = new ArrayList<>(4);
    evidence.add(new Evidence("rain_1h_peak_mm", latest.gaugeId(), s.peakAt(), s.peakMm(), "mm"));
    if (!latest.windowEnd().equals(s.peakAt())) {
      evidence.add(
          new Evidence(
              "rain_1h_mm", latest.gaugeId(), latest.windowEnd(), latest.rain1hMm(), "mm"));
    }
    evidence.add(
        new Evidence(
            "rain_24h_mm", latest.gaugeId(), latest.windowEnd(), latest.rain24hMm(), "mm"));
    evidence.add(rule.evidence(latest.windowEnd()));
    return new Incident(
        s.incidentId(),
        type,
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
