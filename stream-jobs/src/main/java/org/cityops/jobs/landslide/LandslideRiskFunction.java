package org.cityops.jobs.landslide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.common.EventTimeQueue;
import org.cityops.jobs.lifecycle.SeverityHold;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.DetectorRule.InForce;
import org.cityops.jobs.rain.RuleVersions;

/**
 * Per rain zone, the landslide probability and its incident, from the zone's gauges' rolling sums
 * and their health (one keyed input, {@link ZoneSignal}), under the landslide rule in force
 * (broadcast input: versions pushed at run time).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The zone's level is the highest level of its gauges' latest sums ({@link
 *       LandslideThresholds}). A medium level or above opens a {@code landslide_risk} incident
 *       (Moderate, Severe, Extreme); the id is the type, the zone and the event time it opened, so
 *       a replay yields the same id. It rises at once, falls after the downgrade hold and clears
 *       after the clear hold ({@link SeverityHold}).
 *   <li>Degraded: while a gauge of the zone is down, the level is a lower bound. An open incident
 *       neither falls nor clears then, and says it is degraded (a new version when that changes);
 *       the zone's published {@link ZoneRisk} carries the mark, so a blind zone is never shown as
 *       plainly low.
 *   <li>Every change of the published level or mark goes to {@link #ZONE_RISK}; the level published
 *       is the incident's (held) level, low when none is open.
 *   <li>Order: the two inputs are judged together in event-time order: each record waits for the
 *       watermark to pass its time (a record already behind it is judged at once); all records of
 *       one instant are taken in, gauge statuses before sums, and the zone is then judged once, so
 *       an instant yields at most one incident version, from all the zone's gauges at it. So a
 *       backtest, where sums run far ahead of gauge health, and a replay give the same result as
 *       live; the price is the watermark's delay (the out-of-orderness bound) on landslide levels.
 *       Output comes from state and event time only.
 *   <li>Rules: each gauge's sums are classified by the rule in force at their own window end: the
 *       starting thresholds, or the highest version pushed at run time ({@code city.control}) in
 *       force then ({@link RuleVersions}); the holds stay the starting ones. Every incident version
 *       names the rule and version in force at its time (evidence {@value
 *       RuleVersions#RULE_VERSION}).
 *   <li>State: gauges above low, gauges down, the zone's incident and published level, cleared once
 *       the zone is low, not degraded and has no open incident; records waiting for the watermark,
 *       dropped once judged. Timers: one per waiting instant, firing once.
 * </ul>
 */
public final class LandslideRiskFunction
    extends KeyedBroadcastProcessFunction<String, ZoneSignal, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  public static final OutputTag<ZoneRisk> ZONE_RISK =
      new OutputTag<>("zone-risk", TypeInformation.of(ZoneRisk.class));

  private final DetectorRule<LandslideThresholds> rules;
  private final SeverityHold hold;
  private transient ValueState<LandslideState> state;
  private transient MapState<String, GaugeLevel> elevated;
  private transient MapState<String, Instant> down;
  private transient EventTimeQueue<ZonedRain> pendingRain;
  private transient EventTimeQueue<GaugeStatus> pendingStatus;

  /**
   * @param thresholds the rule the job starts with, in force until a higher version takes over
   * @param ruleId its id, and {@code version} its version (0 for the job's single settings)
   */
  public LandslideRiskFunction(LandslideThresholds thresholds, String ruleId, long version) {
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.LANDSLIDE_RISK,
            ruleId,
            version,
            thresholds,
            change -> thresholdsOf(change, thresholds));
    this.hold = thresholds.holdRule();
  }

  /** Starting from {@code thresholds} as version 0 of {@code landslide-risk}. */
  public LandslideRiskFunction(LandslideThresholds thresholds) {
    this(thresholds, "landslide-risk", 0);
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "landslide_risk");
    state =
        getRuntimeContext().getState(new ValueStateDescriptor<>("landslide", LandslideState.class));
    elevated =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "elevated-gauges", Types.STRING, TypeInformation.of(GaugeLevel.class)));
    down =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("gauges-down", Types.STRING, Types.INSTANT));
    pendingRain =
        EventTimeQueue.open(
            getRuntimeContext(), "pending-rain", TypeInformation.of(ZonedRain.class));
    pendingStatus =
        EventTimeQueue.open(
            getRuntimeContext(), "pending-status", TypeInformation.of(GaugeStatus.class));
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void processElement(ZoneSignal signal, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    if (signal.rain() != null) {
      rain(signal.rain(), ctx, out);
    } else {
      status(signal.status(), ctx, out);
    }
  }

  private void rain(ZonedRain rain, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
    signals.inc();
    if (!pendingRain.addUnlessDue(
        ctx.timerService(), rain.sums().windowEnd().toEpochMilli(), rain)) {
      apply(rain, ctx, out);
    }
  }

  private void status(GaugeStatus status, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    if (!pendingStatus.addUnlessDue(ctx.timerService(), status.at().toEpochMilli(), status)) {
      apply(status, ctx, out);
    }
  }

  /**
   * Takes in every gauge status and then every sum of the instant (in arrival order: a gauge's
   * revised sum after its first), then judges the zone once: its level at an instant is that of all
   * its gauges then, not of the first few taken in, which would open or raise an incident only to
   * raise it again at the same instant.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    ZoneRef zone = null;
    for (GaugeStatus status : pendingStatus.take(timestamp)) {
      record(status);
      zone = status.zone();
    }
    for (ZonedRain rain : pendingRain.take(timestamp)) {
      record(rain, ctx);
      zone = rain.zone();
    }
    if (zone != null) {
      evaluate(zone, Instant.ofEpochMilli(timestamp), ctx, out);
    }
  }

  /** The rule in force at {@code at}: the highest pushed version then, or the starting one. */
  private InForce<LandslideThresholds> inForce(ReadOnlyContext ctx, Instant at) throws Exception {
    return rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), at);
  }

  /** The thresholds a pushed version sets; the holds stay the starting ones. */
  private static LandslideThresholds thresholdsOf(RainRuleChange v, LandslideThresholds base) {
    return new LandslideThresholds(
        bounds(v.landslide().medium()),
        bounds(v.landslide().high()),
        bounds(v.landslide().veryHigh()),
        base.downgradeHold(),
        base.clearHold());
  }

  private static LandslideThresholds.Bounds bounds(RainRuleChange.Bounds b) {
    return new LandslideThresholds.Bounds(b.hourMm(), b.dayMm(), b.fourDaysMm());
  }

  /** A record already behind the watermark: taken in and judged at once. */
  private void apply(ZonedRain rain, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    record(rain, ctx);
    evaluate(rain.zone(), rain.sums().windowEnd(), ctx, out);
  }

  private void apply(GaugeStatus status, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    record(status);
    evaluate(status.zone(), status.at(), ctx, out);
  }

  /** The gauge's level from its sums, under the rule in force at their window end. */
  private void record(ZonedRain rain, ReadOnlyContext ctx) throws Exception {
    var sums = rain.sums();
    LandslideLevel level = inForce(ctx, sums.windowEnd()).rule().classify(sums);
    if (level == LandslideLevel.LOW) {
      elevated.remove(sums.gaugeId());
    } else {
      elevated.put(
          sums.gaugeId(),
          new GaugeLevel(
              level, sums.windowEnd(), sums.rain1hMm(), sums.rain24hMm(), sums.rain96hMm()));
    }
  }

  private void record(GaugeStatus status) throws Exception {
    if (status.down()) {
      down.put(status.gaugeId(), status.at());
    } else {
      down.remove(status.gaugeId());
    }
  }

  private void evaluate(ZoneRef zone, Instant inputAt, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    LandslideState s = state.value();
    s = (s == null ? LandslideState.quiet(zone, inputAt) : s).at(zone, inputAt);
    // a late input (one gauge's sum arriving after the watermark passed it, while another gauge
    // of the zone had moved the zone on) is judged at the latest time the zone reached: a version
    // never predates the one before it, nor the incident's opening
    Instant at = s.lastAt();
    String leadGauge = null;
    GaugeLevel lead = null;
    for (Map.Entry<String, GaugeLevel> e : elevated.entries()) {
      if (lead == null || e.getValue().outranks(lead)) {
        leadGauge = e.getKey();
        lead = e.getValue();
      }
    }
    int gaugesDown = 0;
    for (String ignored : down.keys()) {
      gaugesDown++;
    }
    boolean degraded = gaugesDown > 0;
    InForce<LandslideThresholds> rule = inForce(ctx, at);
    Severity target = lead == null ? null : lead.level().severity();

    if (!s.open()) {
      if (target != null) {
        String id = IncidentType.LANDSLIDE_RISK.name().toLowerCase(java.util.Locale.ROOT);
        s = s.opened(id + ":" + zone.id() + ":" + at.getEpochSecond(), target, at, degraded);
        out.collect(incident(s, leadGauge, lead, gaugesDown, at, null, rule));
      }
    } else {
      SeverityHold.Decision d =
          hold.decide(s.severity(), target, at, s.lowerSince(), s.normalSince());
      boolean fallsWhileBlind =
          degraded && (d.step() == SeverityHold.Step.LOWER || d.step() == SeverityHold.Step.CLEAR);
      if (fallsWhileBlind) {
        // a blind zone cannot be declared safer: hold the level and count the spells afresh
        d = new SeverityHold.Decision(SeverityHold.Step.STAY, s.severity(), null, null);
      }
      switch (d.step()) {
        case RAISE, LOWER -> {
          s = s.changed(d.severity(), degraded);
          out.collect(incident(s, leadGauge, lead, gaugesDown, at, null, rule));
        }
        case CLEAR -> {
          out.collect(incident(s.changed(s.severity(), false), leadGauge, lead, 0, at, at, rule));
          s = s.closed();
        }
        case STAY -> {
          s = s.spells(d.lowerSince(), d.normalSince());
          if (degraded != s.incidentDegraded()) {
            s = s.changed(s.severity(), degraded);
            out.collect(incident(s, leadGauge, lead, gaugesDown, at, null, rule));
          }
        }
      }
    }

    LandslideLevel published = s.open() ? LandslideLevel.of(s.severity()) : LandslideLevel.LOW;
    if (published != s.reportedLevel() || degraded != s.reportedDegraded()) {
      ctx.output(ZONE_RISK, new ZoneRisk(zone.id(), zone.name(), at, published, degraded));
      s = s.reported(published, degraded);
    }
    if (!s.open() && !degraded && lead == null) {
      state.clear();
      elevated.clear();
      down.clear();
    } else {
      state.update(s);
    }
  }

  private static Incident incident(
      LandslideState s,
      String leadGauge,
      GaugeLevel lead,
      int gaugesDown,
      Instant at,
      Instant clearedAt,
      InForce<LandslideThresholds> rule) {
    ZoneRef zone = s.zone();
    List<Evidence> evidence = new ArrayList<>(6);
    evidence.add(
        new Evidence(
            "landslide_level", zone.id(), at, LandslideLevel.of(s.severity()).ordinal(), null));
    if (lead != null) {
      evidence.add(new Evidence("rain_1h_mm", leadGauge, lead.at(), lead.rain1hMm(), "mm"));
      evidence.add(new Evidence("rain_24h_mm", leadGauge, lead.at(), lead.rain24hMm(), "mm"));
      evidence.add(new Evidence("rain_96h_mm", leadGauge, lead.at(), lead.rain96hMm(), "mm"));
    }
    if (gaugesDown > 0) {
      evidence.add(new Evidence("gauges_down", zone.id(), at, gaugesDown, null));
    }
    evidence.add(rule.evidence(at));
    return new Incident(
        s.incidentId(),
        IncidentType.LANDSLIDE_RISK,
        new Area(zone.center(), zone.radiusM(), zone.name()),
        s.severity(),
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        s.version(),
        s.openedAt(),
        at,
        clearedAt);
  }
}
