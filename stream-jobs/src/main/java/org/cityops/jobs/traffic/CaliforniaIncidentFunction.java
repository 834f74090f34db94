package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.DetectorRule.InForce;
import org.cityops.jobs.rain.RuleVersions;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.DetectorPair;

/**
 * Per detector pair, California algorithm #8's incident test between the upstream and the
 * downstream detector, interval by interval (see {@link TrafficConfig.California} for the tests):
 *
 * <ol>
 *   <li>normal: when OCCDF, OCCRDF and the downstream drop all pass, the pair turns tentative;
 *   <li>tentative: when OCCRDF still passes one interval later, the incident is confirmed and a
 *       {@code traffic_incident} (Moderate) opens, dated from the tentative interval; otherwise
 *       back to normal;
 *   <li>incident: it clears after {@code clearAfter} intervals in a row without OCCDF and OCCRDF.
 * </ol>
 *
 * A compression wave (downstream occupancy at or above its threshold: a queue coming from further
 * down the road) drops a tentative state and suppresses new ones for {@code suppressFor} intervals.
 *
 * <p>Contract: an interval is judged once the watermark passes it, with both detectors' readings of
 * that time; an interval with only one side (a dropout, a detector held back as stuck) is skipped
 * and changes nothing. Readings of an interval already judged are dropped (late). State: the phase,
 * the suppression left, the downstream occupancies of the last {@code dropLookback} intervals and
 * the open incident, kept while readings come; readings waiting for their interval, dropped when it
 * is judged. One timer per interval.
 *
 * <p>Rules: each interval is judged by the thresholds (OCCDF, OCCRDF, downstream drop, compression
 * wave, speed drop) of the traffic-incident rule in force at that interval: the starting one, or
 * the highest version pushed at run time ({@code city.control}, the broadcast input) in force then
 * ({@link RuleVersions}); the counts of intervals (look-back, suppression, persistence, clearing)
 * stay the starting ones. Every incident version names the rule and version in force at its time
 * (evidence {@value RuleVersions#RULE_VERSION}).
 */
public final class CaliforniaIncidentFunction
    extends KeyedBroadcastProcessFunction<String, PairReading, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  private final TrafficConfig.California config;
  private final DetectorLayout layout;
  private final DetectorRule<TrafficConfig.California> rules;
  private transient ValueState<CaliforniaState> state;
  private transient MapState<Long, DetectorReading[]> waiting;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public CaliforniaIncidentFunction(
      TrafficConfig.California config, DetectorLayout layout, String ruleId, long version) {
    this.config = config;
    this.layout = layout;
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.TRAFFIC_INCIDENT,
            ruleId,
            version,
            config,
            change -> thresholdsOf(change, config));
  }

  /** Starting from {@code config}'s thresholds as version 0 of {@code traffic-incident}. */
  public CaliforniaIncidentFunction(TrafficConfig.California config, DetectorLayout layout) {
    this(config, layout, "traffic-incident", 0);
  }

  /** The settings with a pushed version's thresholds. */
  private static TrafficConfig.California thresholdsOf(
      RainRuleChange v, TrafficConfig.California base) {
    RainRuleChange.California c = v.california();
    return base.withThresholds(
        c.occupancyDifference(),
        c.relativeDifference(),
        c.downstreamDrop(),
        c.compressionWave(),
        c.speedDrop());
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void open(OpenContext openContext) {
    signals = org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "california_8");
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("california", CaliforniaState.class));
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting", Types.LONG, TypeInformation.of(DetectorReading[].class)));
  }

  @Override
  public void processElement(PairReading in, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    long time = in.reading().time().toEpochMilli();
    CaliforniaState s = state.value();
    if (s != null && time <= s.lastJudged().toEpochMilli()) {
      return;
    }
    DetectorReading[] sides = waiting.get(time);
    if (sides == null) {
      sides = new DetectorReading[2];
      ctx.timerService()
          .registerEventTimeTimer(Math.max(time, ctx.timerService().currentWatermark() + 1));
    }
    int side = in.upstream() ? 0 : 1;
    if (sides[side] == null) {
      sides[side] = in.reading();
      waiting.put(time, sides);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    List<Long> due = new ArrayList<>();
    for (Long t : waiting.keys()) {
      if (t <= timestamp) {
        due.add(t);
      }
    }
    due.sort(null);
    for (long t : due) {
      DetectorReading[] sides = waiting.get(t);
      waiting.remove(t);
      Instant at = Instant.ofEpochMilli(t);
      judge(
          ctx.getCurrentKey(),
          sides[0],
          sides[1],
          at,
          rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), at),
          out);
    }
  }

  private void judge(
      String pairId,
      DetectorReading up,
      DetectorReading down,
      Instant t,
      InForce<TrafficConfig.California> rule,
      Collector<Incident> out)
      throws Exception {
    TrafficConfig.California config = rule.rule();
    CaliforniaState s = state.value();
    if (s == null) {
      s = CaliforniaState.start();
    }
    if (up == null || down == null) {
      state.update(s.judgedAt(t));
      return;
    }
    double occdf = up.occupancyPct() - down.occupancyPct();
    double occrdf = up.occupancyPct() > 0 ? occdf / up.occupancyPct() : 0;
    double docctd = downstreamDrop(s.downstream(), down.occupancyPct());
    boolean spatial =
        occdf >= config.occupancyDifference() && occrdf >= config.relativeDifference();
    boolean wave = down.occupancyPct() >= config.compressionWave();
    List<Double> history = window(s.downstream(), down.occupancyPct());
    double upSpeed = up.speedKmh() == null ? 0 : up.speedKmh();
    List<Double> upSpeeds = window(s.upstreamSpeeds(), upSpeed);
    boolean slowUpFreeDown =
        config.speedDrop() > 0
            && up.speedKmh() != null
            // speeds from a handful of vehicles mean little: only a filling detector counts
            && up.occupancyPct() >= config.occupancyDifference()
            && upSpeed < 0.5 * freeFlow(pairId, true)
            && !wave
            && (down.speedKmh() == null || down.speedKmh() >= 0.75 * freeFlow(pairId, false));
    boolean speedDrop =
        slowUpFreeDown && upSpeed <= (1 - config.speedDrop()) * highest(s.upstreamSpeeds());
    Phase phase = s.phase();
    int suppress = Math.max(0, s.suppressLeft() - 1);
    int quiet = s.quietIntervals();
    String id = s.incidentId();
    Instant openedAt = s.openedAt();
    Instant tentativeAt = s.tentativeAt();
    long version = s.version();
    if (wave) {
      suppress = config.suppressFor();
    }
    int run = spatial && !wave ? s.spatialRun() + 1 : 0;
    Instant runStart = run == 1 ? t : s.spatialSince();
    if (phase == Phase.NORMAL && suppress == 0 && run >= config.persistence()) {
      // a queue that stood long enough: confirmed without the downstream drop
      phase = Phase.TENTATIVE;
      tentativeAt = runStart;
    }
    switch (phase) {
      case NORMAL -> {
        boolean occupancyTest = spatial && docctd >= config.downstreamDrop();
        if (!wave && suppress == 0 && (occupancyTest || speedDrop)) {
          phase = Phase.TENTATIVE;
          tentativeAt = t;
        }
      }
      case TENTATIVE -> {
        if (!wave && (occrdf >= config.relativeDifference() || slowUpFreeDown)) {
          phase = Phase.INCIDENT;
          openedAt = tentativeAt;
          id = "traffic_incident:" + pairId + ":" + openedAt.getEpochSecond();
          version = 1;
          quiet = 0;
          out.collect(
              incident(pairId, id, version, openedAt, t, null, up, down, occdf, occrdf, rule));
        } else {
          phase = Phase.NORMAL;
        }
      }
      case INCIDENT -> {
        quiet = spatial ? 0 : quiet + 1;
        if (quiet >= config.clearAfter()) {
          version++;
          out.collect(incident(pairId, id, version, openedAt, t, t, up, down, occdf, occrdf, rule));
          phase = Phase.NORMAL;
          id = null;
          openedAt = null;
          version = 0;
          quiet = 0;
        }
      }
    }
    state.update(
        new CaliforniaState(
            t,
            phase,
            suppress,
            history,
            upSpeeds,
            tentativeAt,
            id,
            openedAt,
            version,
            quiet,
            run,
            runStart));
  }

  /** The last {@code dropLookback} values, newest last. */
  private List<Double> window(List<Double> before, double now) {
    List<Double> values = new ArrayList<>(before);
    values.add(now);
    while (values.size() > config.dropLookback()) {
      values.remove(0);
    }
    return List.copyOf(values);
  }

  /** The highest value from two to {@code dropLookback} intervals back. */
  private static double highest(List<Double> history) {
    double max = 0;
    for (int i = 0; i < history.size() - 1; i++) {
      max = Math.max(max, history.get(i));
    }
    return max;
  }

  private double freeFlow(String pairId, boolean upstream) {
    DetectorPair pair = layout.pair(pairId);
    return layout.site(upstream ? pair.upstream() : pair.downstream()).freeFlowKmh();
  }

  /** The largest relative fall of downstream occupancy from two to {@code dropLookback} back. */
  private double downstreamDrop(List<Double> history, double now) {
    double drop = 0;
    // history holds the last intervals, newest last; skip the newest (t-1)
    for (int i = 0; i < history.size() - 1; i++) {
      double before = history.get(i);
      if (before > 0) {
        drop = Math.max(drop, (before - now) / before);
      }
    }
    return drop;
  }

  private Incident incident(
      String pairId,
      String id,
      long version,
      Instant openedAt,
      Instant at,
      Instant clearedAt,
      DetectorReading up,
      DetectorReading down,
      double occdf,
      double occrdf,
      InForce<TrafficConfig.California> rule) {
    DetectorPair pair = layout.pair(pairId);
    GeoPoint a = layout.site(pair.upstream()).location();
    GeoPoint b = layout.site(pair.downstream()).location();
    GeoPoint middle = new GeoPoint((a.lat() + b.lat()) / 2, (a.lon() + b.lon()) / 2);
    return new Incident(
        id,
        IncidentType.TRAFFIC_INCIDENT,
        // no zone (the pair is in the evidence): the lifecycle fuses overlapping traffic incidents,
        // a queue over two pairs and residents' reports of the same accident among them
        new Area(middle, Math.max(50, pair.gapM() / 2), null),
        Severity.MODERATE,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(
            new Evidence("occupancy_upstream_pct", up.detectorId(), at, up.occupancyPct(), "%"),
            new Evidence(
                "occupancy_downstream_pct", down.detectorId(), at, down.occupancyPct(), "%"),
            new Evidence("occdf", pairId, at, occdf, "%"),
            new Evidence("occrdf", pairId, at, occrdf, null),
            rule.evidence(at)),
        version,
        openedAt,
        at,
        clearedAt);
  }

  /** Where a pair stands in the algorithm. */
  public enum Phase {
    NORMAL,
    TENTATIVE,
    INCIDENT
  }

  /**
   * @param lastJudged the newest interval judged; readings for it or earlier are late
   * @param downstream downstream occupancies of the last intervals, newest last
   * @param upstreamSpeeds upstream speeds of the last intervals (0 when nobody passed)
   * @param quietIntervals intervals in a row an open incident went without the spatial tests
   * @param spatialRun intervals in a row OCCDF and OCCRDF passed with no compression wave
   * @param spatialSince the first interval of that run
   */
  public record CaliforniaState(
      Instant lastJudged,
      Phase phase,
      int suppressLeft,
      List<Double> downstream,
      List<Double> upstreamSpeeds,
      Instant tentativeAt,
      String incidentId,
      Instant openedAt,
      long version,
      int quietIntervals,
      int spatialRun,
      Instant spatialSince) {

    static CaliforniaState start() {
      return new CaliforniaState(
          Instant.EPOCH, Phase.NORMAL, 0, List.of(), List.of(), null, null, null, 0, 0, 0, null);
    }

    CaliforniaState judgedAt(Instant t) {
      return new CaliforniaState(
          t,
          phase,
          suppressLeft,
          downstream,
          upstreamSpeeds,
          tentativeAt,
          incidentId,
          openedAt,
          version,
          quietIntervals,
          spatialRun,
          spatialSince);
    }
  }
}
