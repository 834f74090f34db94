package org.cityops.jobs.water;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
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
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Severity;
import org.cityops.jobs.lifecycle.SeverityHold;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.DetectorRule.InForce;
import org.cityops.jobs.rain.RuleVersions;

/**
 * Per water-level station, a {@code flood_risk} incident from the stage and its rate of rise, under
 * the water-level rule in force (broadcast input: versions pushed at run time).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The level's stage makes the severity (attention Minor, alert Severe, flood Extreme; {@link
 *       WaterStages}, per station); a rise of {@code riseMetres} or more above the lowest level of
 *       the last {@code riseWindow} makes it at least Moderate, so a river climbing fast is
 *       reported before it reaches a stage. Rises at once, falls and clears by {@link
 *       SeverityHold}. The id is the type, the station and the event time it opened.
 *   <li>Readings are judged in event-time order: each waits for the watermark to pass its time (so
 *       a rise is measured the same however the readings arrived); one already behind the watermark
 *       is judged at once, and ignored if it is not newer than the last one judged (a duplicate, a
 *       late reading). Missing values are ignored here (sensor health is judged elsewhere).
 *   <li>Rules: each reading is judged by the stages and fast rise of the rule in force at its own
 *       time: the starting one, or the highest version pushed at run time ({@code city.control}) in
 *       force then ({@link RuleVersions}); the rise window and holds stay the starting ones. Every
 *       incident version names the rule and version that judged it (evidence {@value
 *       RuleVersions#RULE_VERSION}).
 *   <li>State: readings waiting for the watermark (dropped once judged), the station's levels of
 *       the last rise window and its open incident. Each reading
 *       <p>sets a timer at its time plus the window; when it fires with no newer reading, levels
 *       older than the window go, and with no incident open all state goes. A silent station keeps
 *       its incident open: silence is not calm.
 * </ul>
 */
public final class WaterLevelFunction
    extends KeyedBroadcastProcessFunction<String, Reading, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  public static final double STATION_RADIUS_M = 1_000;

  private final WaterConfig config;
  private final DetectorRule<WaterConfig> rules;
  private transient ValueState<WaterLevelState> state;
  private transient MapState<Long, Double> recent;
  private transient MapState<Long, Reading> pending;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public WaterLevelFunction(WaterConfig config, String ruleId, long version) {
    this.config = config;
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.WATER_LEVEL,
            ruleId,
            version,
            config,
            change -> configOf(change, config));
  }

  /** Starting from {@code config}'s stages as version 0 of {@code water-level}. */
  public WaterLevelFunction(WaterConfig config) {
    this(config, "water-level", 0);
  }

  @Override
  public void open(OpenContext openContext) {
    signals = org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "flood_risk");
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("water-level", WaterLevelState.class));
    recent =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("recent-levels", Types.LONG, Types.DOUBLE));
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-readings", Types.LONG, TypeInformation.of(Reading.class)));
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  /** The settings with a pushed version's stages and fast rise; windows and holds stay. */
  private static WaterConfig configOf(RainRuleChange v, WaterConfig base) {
    RainRuleChange.WaterLevels w = v.water();
    Map<String, WaterStages> stations = new java.util.HashMap<>();
    w.stations()
        .forEach(
            st ->
                stations.put(
                    st.stationId(), new WaterStages(st.attentionM(), st.alertM(), st.floodM())));
    return base.withRule(
        new WaterStages(w.attentionM(), w.alertM(), w.floodM()), stations, w.riseM());
  }

  private InForce<WaterConfig> inForce(ReadOnlyContext ctx, Instant at) throws Exception {
    return rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), at);
  }

  @Override
  public void processElement(Reading reading, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    if (reading.waterLevelM() == null) {
      return;
    }
    long t = reading.time().toEpochMilli();
    if (t <= ctx.timerService().currentWatermark()) {
      judge(reading, ctx, out);
    } else if (!pending.contains(t)) {
      pending.put(t, reading);
      ctx.timerService().registerEventTimeTimer(t);
    }
  }

  private void judge(Reading reading, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    WaterLevelState s = state.value();
    Instant at = reading.time();
    if (s != null && !at.isAfter(s.lastAt())) {
      return;
    }
    s = s == null ? WaterLevelState.first(reading.location(), at) : s.seen(reading.location(), at);
    double level = reading.waterLevelM();
    long now = at.toEpochMilli();
    long windowStart = now - config.riseWindow().toMillis();
    double lowest = level;
    Iterator<Map.Entry<Long, Double>> it = recent.iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Double> e = it.next();
      if (e.getKey() < windowStart) {
        it.remove();
      } else {
        lowest = Math.min(lowest, e.getValue());
      }
    }
    recent.put(now, level);
    ctx.timerService().registerEventTimeTimer(now + config.riseWindow().toMillis());

    double rise = level - lowest;
    InForce<WaterConfig> rule = inForce(ctx, at);
    WaterStages stages = rule.rule().stagesOf(reading.sensorId());
    Severity target = stages.classify(level);
    if (rise >= rule.rule().riseMetres() && (target == null || Severity.MODERATE.isAbove(target))) {
      target = Severity.MODERATE;
    }
    String station = reading.sensorId();
    if (s.incidentId() == null) {
      if (target != null) {
        s = s.opened("flood_risk:" + station + ":" + at.getEpochSecond(), target);
        out.collect(incident(station, s, level, rise, stages, rule, null));
      }
    } else {
      SeverityHold.Decision d =
          config.hold().decide(s.severity(), target, at, s.lowerSince(), s.normalSince());
      switch (d.step()) {
        case RAISE, LOWER -> {
          s = s.changed(d.severity());
          out.collect(incident(station, s, level, rise, stages, rule, null));
        }
        case CLEAR -> {
          out.collect(incident(station, s.changed(s.severity()), level, rise, stages, rule, at));
          s = s.closed();
        }
        case STAY -> s = s.spells(d.lowerSince(), d.normalSince());
      }
    }
    state.update(s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    Reading waiting = pending.get(timestamp);
    if (waiting != null) {
      pending.remove(timestamp);
      judge(waiting, ctx, out);
    }
    WaterLevelState s = state.value();
    if (s == null) {
      return;
    }
    long window = config.riseWindow().toMillis();
    if (s.lastAt().toEpochMilli() + window > timestamp) {
      return; // a newer reading has its own timer
    }
    if (s.incidentId() == null) {
      state.clear();
      recent.clear();
    } else {
      List<Long> old = new ArrayList<>();
      for (Long t : recent.keys()) {
        if (t < timestamp - window) {
          old.add(t);
        }
      }
      for (Long t : old) {
        recent.remove(t);
      }
    }
  }

  private Incident incident(
      String station,
      WaterLevelState s,
      double level,
      double rise,
      WaterStages stages,
      InForce<WaterConfig> rule,
      Instant clearedAt) {
    Instant at = s.lastAt();
    List<Evidence> evidence =
        List.of(
            new Evidence("water_level_m", station, at, level, "m"),
            new Evidence("rise_m", station, at, Math.round(rise * 1000) / 1000.0, "m"),
            new Evidence("stage_alert_m", station, at, stages.alertM(), "m"),
            rule.evidence(at));
    return new Incident(
        s.incidentId(),
        IncidentType.FLOOD_RISK,
        new Area(s.location(), STATION_RADIUS_M, station),
        s.severity(),
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        s.version(),
        s.openedAt(),
        at,
        clearedAt);
  }
}
