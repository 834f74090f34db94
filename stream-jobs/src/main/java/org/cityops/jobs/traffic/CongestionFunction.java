package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
import org.cityops.jobs.common.WatermarkBuffer;
import org.cityops.jobs.lifecycle.SeverityHold;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.DetectorRule.InForce;
import org.cityops.jobs.rain.RuleVersions;
import org.cityops.roads.DetectorSite;

/**
 * Per detector, the level of traffic (free, slow, congested, standstill: {@link TrafficLevel}) and
 * a {@code congestion} incident while it is congested (Minor) or stopped (Moderate).
 *
 * <p>Persistence before raising: a level counts once it held {@code raiseAfter} intervals in a row
 * (the lowest level of the last readings), so one slow platoon raises nothing. Hysteresis before
 * clearing: the open incident follows {@link SeverityHold}. The free-flow speed is the layout's, or
 * when learning is on, the average speed of the detector's readings at occupancy below {@value
 * #FREE_FLOW_OCCUPANCY}% once {@value #LEARN_AFTER} of them were seen (exponentially weighted, so
 * it follows a new limit in a few days).
 *
 * <p>Contract: readings wait for the watermark and are judged in event-time order; late and
 * duplicate readings (not newer than the last judged) are dropped. Every judged reading also yields
 * a {@link SegmentStatus} on a side output. State: recent levels, the learned speed and the open
 * incident, kept while the detector reports; waiting readings, dropped once judged.
 *
 * <p>Rules: each reading's level is judged by the speed ratios of the congestion rule in force at
 * its own time: the starting one, or the highest version pushed at run time ({@code city.control},
 * the broadcast input) in force then ({@link RuleVersions}); persistence, holds and learning stay
 * the starting ones. Every incident version names the rule and version in force at its time
 * (evidence {@value RuleVersions#RULE_VERSION}). A level already held is not judged again when a
 * version changes; the next readings are.
 */
public final class CongestionFunction
    extends KeyedBroadcastProcessFunction<String, DetectorReading, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  public static final OutputTag<SegmentStatus> STATUS =
      new OutputTag<>("segment-status", TypeInformation.of(SegmentStatus.class));
  static final double FREE_FLOW_OCCUPANCY = 8;
  static final int LEARN_AFTER = 60;
  private static final double LEARN_WEIGHT = 0.01;

  private final TrafficConfig.Congestion config;
  private final Map<String, DetectorSite> sites;
  private final DetectorRule<TrafficConfig.Congestion> rules;
  private final SeverityHold hold;
  private transient ValueState<CongestionState> state;
  private transient WatermarkBuffer<DetectorReading> waiting;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public CongestionFunction(
      TrafficConfig.Congestion config,
      Map<String, DetectorSite> sites,
      String ruleId,
      long version) {
    this.config = config;
    this.sites = Map.copyOf(sites);
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.CONGESTION,
            ruleId,
            version,
            config,
            change -> levelsOf(change, config));
    this.hold = new SeverityHold(config.downgradeHold(), config.clearHold());
  }

  /** Starting from {@code config}'s levels as version 0 of {@code congestion}. */
  public CongestionFunction(TrafficConfig.Congestion config, Map<String, DetectorSite> sites) {
    this(config, sites, "congestion", 0);
  }

  /** The settings with a pushed version's speed ratios. */
  private static TrafficConfig.Congestion levelsOf(
      RainRuleChange v, TrafficConfig.Congestion base) {
    RainRuleChange.CongestionLevels c = v.congestion();
    return base.withLevels(c.slowBelow(), c.congestedBelow(), c.standstillBelow());
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void open(OpenContext openContext) {
    signals = org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "congestion");
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("congestion", CongestionState.class));
    waiting =
        WatermarkBuffer.open(
            getRuntimeContext(), "waiting", TypeInformation.of(DetectorReading.class));
  }

  @Override
  public void processElement(DetectorReading r, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    if (waiting.holdUnlessDue(ctx.timerService(), r.time().toEpochMilli(), r)) {
      judge(r, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    DetectorReading r = waiting.release(timestamp);
    if (r != null) {
      judge(r, ctx, out);
    }
  }

  private void judge(DetectorReading r, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    CongestionState s = state.value();
    if (s == null) {
      s = CongestionState.start();
    } else if (!r.time().isAfter(s.lastTime())) {
      return;
    }
    DetectorSite site = sites.get(r.detectorId());
    double learned = s.learnedFreeFlowKmh();
    int samples = s.freeFlowSamples();
    if (config.learnFreeFlow()
        && r.speedKmh() != null
        && r.occupancyPct() > 0
        && r.occupancyPct() < FREE_FLOW_OCCUPANCY) {
      learned = samples == 0 ? r.speedKmh() : learned + LEARN_WEIGHT * (r.speedKmh() - learned);
      samples++;
    }
    double freeFlow = samples >= LEARN_AFTER ? learned : site.freeFlowKmh();
    List<TrafficLevel> recent = new ArrayList<>(s.recent());
    InForce<TrafficConfig.Congestion> rule =
        rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), r.time());
    recent.add(TrafficLevel.of(r, freeFlow, rule.rule()));
    while (recent.size() > config.raiseAfter()) {
      recent.remove(0);
    }
    TrafficLevel held =
        recent.size() < config.raiseAfter()
            ? TrafficLevel.FREE
            : recent.stream().min(Enum::compareTo).orElse(TrafficLevel.FREE);
    ctx.output(
        STATUS,
        new SegmentStatus(
            r.detectorId(),
            site.segmentId(),
            r.time(),
            r.speedKmh(),
            r.occupancyPct(),
            r.flow(),
            freeFlow,
            held));
    Severity target = held.severity();
    String id = s.incidentId();
    Severity severity = s.severity();
    Instant openedAt = s.openedAt();
    long version = s.version();
    Instant lowerSince = s.lowerSince();
    Instant normalSince = s.normalSince();
    if (id == null) {
      if (target != null) {
        openedAt = r.time();
        id = "congestion:" + r.detectorId() + ":" + openedAt.getEpochSecond();
        severity = target;
        version = 1;
        out.collect(incident(site, r, id, severity, version, openedAt, null, held, freeFlow, rule));
      }
    } else {
      SeverityHold.Decision d = hold.decide(severity, target, r.time(), lowerSince, normalSince);
      lowerSince = d.lowerSince();
      normalSince = d.normalSince();
      switch (d.step()) {
        case RAISE, LOWER -> {
          severity = d.severity();
          version++;
          out.collect(
              incident(site, r, id, severity, version, openedAt, null, held, freeFlow, rule));
        }
        case CLEAR -> {
          version++;
          out.collect(
              incident(site, r, id, severity, version, openedAt, r.time(), held, freeFlow, rule));
          id = null;
          severity = null;
          openedAt = null;
          version = 0;
        }
        case STAY -> {}
      }
    }
    state.update(
        new CongestionState(
            r.time(),
            recent,
            learned,
            samples,
            id,
            severity,
            openedAt,
            version,
            lowerSince,
            normalSince));
  }

  private static Incident incident(
      DetectorSite site,
      DetectorReading r,
      String id,
      Severity severity,
      long version,
      Instant openedAt,
      Instant clearedAt,
      TrafficLevel level,
      double freeFlow,
      InForce<TrafficConfig.Congestion> rule) {
    List<Evidence> evidence = new ArrayList<>();
    if (r.speedKmh() != null) {
      evidence.add(new Evidence("speed_kmh", r.detectorId(), r.time(), r.speedKmh(), "km/h"));
    }
    evidence.add(new Evidence("free_flow_kmh", r.detectorId(), r.time(), freeFlow, "km/h"));
    evidence.add(new Evidence("occupancy_pct", r.detectorId(), r.time(), r.occupancyPct(), "%"));
    evidence.add(
        new Evidence(
            "level_" + level.name().toLowerCase(java.util.Locale.ROOT),
            r.detectorId(),
            r.time(),
            level.ordinal(),
            null));
    evidence.add(rule.evidence(r.time()));
    return new Incident(
        id,
        IncidentType.CONGESTION,
        // no zone (the detector is in the evidence): neighbouring congestion is one incident
        new Area(site.location(), 150, null),
        severity,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        version,
        openedAt,
        r.time(),
        clearedAt);
  }

  /**
   * A detector's recent levels (at most {@code raiseAfter}), learned free-flow speed and open
   * incident with its hold spells.
   */
  public record CongestionState(
      Instant lastTime,
      List<TrafficLevel> recent,
      double learnedFreeFlowKmh,
      int freeFlowSamples,
      String incidentId,
      Severity severity,
      Instant openedAt,
      long version,
      Instant lowerSince,
      Instant normalSince) {

    static CongestionState start() {
      return new CongestionState(Instant.EPOCH, List.of(), 0, 0, null, null, null, 0, null, null);
    }
  }
}
