package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Disease;
import org.cityops.events.GeoPoint;
import org.cityops.events.RainRuleChange;
import org.cityops.jobs.health.methods.AlertLevels;
import org.cityops.jobs.health.methods.Ears;
import org.cityops.jobs.health.methods.ReproductionNumber;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.RuleVersions;

/**
 * The surveillance of one neighbourhood and one disease (the key), run once a day.
 *
 * <p>Deltas are queued to the end of the day they were notified on and applied then, so a day is
 * judged on what was known by its end. Counts: case deltas by onset day (what the weeks, Rt and
 * levels go by) and arrivals by notification day (what EARS watches: complete the day they happen,
 * where onset counts of recent days are not yet). Each day of the reporting clock (the watermark,
 * from notification times) it evaluates the day just ended and emits:
 *
 * <ul>
 *   <li>the day with its EARS C1, C2, C3 verdicts ({@link #DAYS});
 *   <li>every week of the last {@code revisedWeeks} whose cases, Rt, temperature or level changed
 *       since it was last sent, with the next revision number ({@link #WEEKS}): a late notification
 *       revises its week and the weeks after, never adds a second copy;
 *   <li>the neighbourhood's alarm (latest complete week's level, latest EARS alarm) when it changed
 *       (main output);
 *   <li>and the new count of each onset day the day's deltas changed ({@link #ONSETS}), for the
 *       scan.
 * </ul>
 *
 * <p>Temperature comes as broadcast station readings; a neighbourhood takes the station nearest its
 * centroid that reported in the week. State: counts for {@code historyWeeks}, the weeks last sent,
 * the last alarm, the rule version the weeks were last levelled by; all of it cleared once no case
 * is left in the history, and then no timer remains.
 *
 * <p>Rules: the weeks are levelled by the thresholds of the disease-hotspot rule in force at the
 * day's end: the starting one, or the highest version pushed at run time ({@code city.control}, on
 * the broadcast input beside the temperatures) in force then ({@link RuleVersions}); the levels'
 * delays stay the starting ones. A version coming into force re-levels the history on the next
 * day's evaluation (its revised weeks are sent again where their level changed).
 */
public final class NeighbourhoodSurveillance
    extends KeyedBroadcastProcessFunction<String, CaseDelta, BroadcastSignal, NeighbourhoodAlarm> {
  public static final OutputTag<NeighbourhoodWeek> WEEKS =
      new OutputTag<>("health-weeks", Types.POJO(NeighbourhoodWeek.class)) {};
  public static final OutputTag<NeighbourhoodDay> DAYS =
      new OutputTag<>("health-days", Types.POJO(NeighbourhoodDay.class)) {};
  public static final OutputTag<OnsetCount> ONSETS =
      new OutputTag<>("health-onsets", Types.POJO(OnsetCount.class)) {};

  /** Station and day to the day's lowest temperature; the same on every subtask. */
  public static final MapStateDescriptor<String, StationTemperature> TEMPERATURES =
      new MapStateDescriptor<>(
          "station-day-minimum", Types.STRING, Types.POJO(StationTemperature.class));

  /** Each station's place, for the nearest one. */
  public static final MapStateDescriptor<String, GeoPoint> STATIONS =
      new MapStateDescriptor<>("stations", Types.STRING, Types.POJO(GeoPoint.class));

  /** Days looked back when a station's old days are forgotten. */
  private static final int PRUNE_DAYS = 30;

  /** Days of arrivals EARS looks back over: C3's baseline and lags, with room. */
  private static final int EARS_DAYS = 28;

  private final HealthConfig config;
  private final Map<String, GeoPoint> centroids;
  private final Map<String, Integer> populations;
  private transient ZoneId zone;
  private transient Ears ears;
  private final DetectorRule<AlertLevels> rules;
  private transient ValueState<Long> levelledBy;
  private transient ReproductionNumber rt;
  private transient MapState<Long, Integer> byOnset;
  private transient MapState<Long, Integer> byArrival;
  private transient MapState<Long, NeighbourhoodWeek> sentWeeks;
  private transient ValueState<NeighbourhoodAlarm> sentAlarm;
  private transient ValueState<Long> lastEarsAlarm;
  private transient ValueState<Boolean> changed;
  private transient org.cityops.jobs.common.EventTimeQueue<CaseDelta> pending;

  /**
   * @param centroids each neighbourhood's representative point, for the nearest station
   * @param populations residents per neighbourhood; others have the configured default
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public NeighbourhoodSurveillance(
      HealthConfig config,
      Map<String, GeoPoint> centroids,
      Map<String, Integer> populations,
      String ruleId,
      long version) {
    this.config = config;
    this.centroids = Map.copyOf(centroids);
    this.populations = Map.copyOf(populations);
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.DISEASE_HOTSPOT,
            ruleId,
            version,
            new AlertLevels(config.levels()),
            change -> levelsOf(change, config.levels()));
  }

  /** Starting from {@code config}'s levels as version 0 of {@code dengue}. */
  public NeighbourhoodSurveillance(
      HealthConfig config, Map<String, GeoPoint> centroids, Map<String, Integer> populations) {
    this(config, centroids, populations, "dengue", 0);
  }

  /** The levels a pushed version sets; the delays stay. */
  static AlertLevels levelsOf(RainRuleChange v, AlertLevels.Settings base) {
    RainRuleChange.DiseaseLevels l = v.levels();
    return new AlertLevels(
        base.withThresholds(
            l.warmAboveC(),
            l.preEpidemicPer100k(),
            l.epidemicPer100k(),
            l.growthProbability(),
            l.minCasesRed()));
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(config.timeZone());
    ears = config.ears().methods();
    rt = config.reproductionNumber();
    var ctx = getRuntimeContext();
    byOnset = ctx.getMapState(new MapStateDescriptor<>("by-onset", Types.LONG, Types.INT));
    byArrival = ctx.getMapState(new MapStateDescriptor<>("by-arrival", Types.LONG, Types.INT));
    sentWeeks =
        ctx.getMapState(
            new MapStateDescriptor<>(
                "sent-weeks", Types.LONG, Types.POJO(NeighbourhoodWeek.class)));
    sentAlarm = ctx.getState(new ValueStateDescriptor<>("sent-alarm", NeighbourhoodAlarm.class));
    lastEarsAlarm = ctx.getState(new ValueStateDescriptor<>("last-ears-alarm", Types.LONG));
    changed = ctx.getState(new ValueStateDescriptor<>("changed", Types.BOOLEAN));
    levelledBy = ctx.getState(new ValueStateDescriptor<>("levelled-by", Types.LONG));
    pending =
        org.cityops.jobs.common.EventTimeQueue.open(
            ctx, "pending-deltas", Types.POJO(CaseDelta.class));
  }

  @Override
  public void processElement(CaseDelta d, ReadOnlyContext ctx, Collector<NeighbourhoodAlarm> out)
      throws Exception {
    // counted at the end of its day, not before: a day is judged on what was known by then
    pending.add(ctx.timerService(), tickAfter(d.notifiedAt()), d);
  }

  /** Applies the day's deltas and sends the onset days they changed to the scan. */
  private void apply(List<CaseDelta> deltas, OnTimerContext ctx) throws Exception {
    java.util.Set<Long> touched = new java.util.TreeSet<>();
    for (CaseDelta d : deltas) {
      long onset = d.onsetDay();
      int count = Math.max(0, valueOr(byOnset.get(onset)) + d.delta());
      if (count == 0) {
        byOnset.remove(onset);
      } else {
        byOnset.put(onset, count);
      }
      touched.add(onset);
      if (d.arrival()) {
        long day = d.notifiedAt().atZone(zone).toLocalDate().toEpochDay();
        byArrival.put(day, valueOr(byArrival.get(day)) + d.delta());
      }
    }
    if (!deltas.isEmpty()) {
      changed.update(true);
      CaseDelta first = deltas.get(0);
      for (long onset : touched) {
        ctx.output(
            ONSETS,
            new OnsetCount(
                first.neighbourhood(), first.disease(), onset, valueOr(byOnset.get(onset))));
      }
    }
  }

  /** The start of the local day after {@code t}: when the day of {@code t} is complete. */
  private long tickAfter(Instant t) {
    return t.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private static int valueOr(Integer v) {
    return v == null ? 0 : v;
  }

  @Override
  public void processBroadcastElement(
      BroadcastSignal signal, Context ctx, Collector<NeighbourhoodAlarm> out) throws Exception {
    if (signal.rule() != null) {
      rules.accept(ctx.getBroadcastState(RuleVersions.RULES), signal.rule());
      return;
    }
    StationTemperature t = signal.temperature();
    var state = ctx.getBroadcastState(TEMPERATURES);
    ctx.getBroadcastState(STATIONS).put(t.stationId(), t.location());
    String key = dayKey(t.stationId(), t.day().toEpochDay());
    StationTemperature before = state.get(key);
    if (before == null || t.temperatureC() < before.temperatureC()) {
      state.put(key, t);
    }
    if (before == null && ctx.currentWatermark() > 0) {
      // a station's new day: forget its days older than the history, counted back from the
      // reporting clock (in a replay the stations may run ahead of the cases)
      long clockDay =
          Instant.ofEpochMilli(ctx.currentWatermark()).atZone(zone).toLocalDate().toEpochDay();
      long cutoff = Math.min(t.day().toEpochDay(), clockDay) - 7L * (config.historyWeeks() + 1);
      for (long d = cutoff - PRUNE_DAYS; d < cutoff; d++) {
        state.remove(dayKey(t.stationId(), d));
      }
    }
  }

  private static String dayKey(String station, long epochDay) {
    return station + "|" + epochDay;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NeighbourhoodAlarm> out)
      throws Exception {
    LocalDate today = Instant.ofEpochMilli(timestamp).atZone(zone).toLocalDate().minusDays(1);
    String[] key = ctx.getCurrentKey().split("\\|", 2);
    String neighbourhood = key[0];
    Disease disease = Disease.valueOf(key[1].toUpperCase(java.util.Locale.ROOT));
    forgetBefore(today.minusWeeks(config.historyWeeks()).toEpochDay(), today);
    Instant asOf = Instant.ofEpochMilli(timestamp);
    apply(pending.take(timestamp), ctx);

    NeighbourhoodDay day = evaluateDay(neighbourhood, disease, today);
    ctx.output(DAYS, day);
    if (day.anyAlarm()) {
      lastEarsAlarm.update(today.toEpochDay());
    }

    // the weeks change only with counts, when a week completes (on Saturdays), or when another
    // version of the rule comes into force
    NeighbourhoodAlarm before = sentAlarm.value();
    DetectorRule.InForce<AlertLevels> rule =
        rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), asOf);
    boolean weekly =
        Boolean.TRUE.equals(changed.value())
            || today.getDayOfWeek() == java.time.DayOfWeek.SATURDAY
            || before == null
            || !Long.valueOf(rule.version()).equals(levelledBy.value());
    changed.clear();
    AlertLevels.Level level = before == null ? AlertLevels.Level.GREEN : before.level();
    LocalDate weekStart = before == null ? null : before.weekStart();
    int weekCases = before == null ? 0 : before.weekCases();
    double incidence = before == null ? 0 : before.incidencePer100k();
    double growth = before == null ? 0 : before.growthProbability();
    if (weekly) {
      List<NeighbourhoodWeek> weeks =
          evaluateWeeks(neighbourhood, disease, today, asOf, rule.rule(), ctx);
      levelledBy.update(rule.version());
      sendRevisedWeeks(weeks, asOf, ctx);
      NeighbourhoodWeek latest = weeks.get(weeks.size() - 1);
      level = latest.level();
      weekStart = latest.weekStart();
      weekCases = latest.cases();
      incidence = latest.incidencePer100k();
      growth = latest.probabilityRtAboveOne();
    }
    Long ears = lastEarsAlarm.value();
    NeighbourhoodAlarm alarm =
        new NeighbourhoodAlarm(
            neighbourhood,
            disease,
            level,
            weekStart == null ? null : weekStart.toEpochDay(),
            weekCases,
            incidence,
            growth,
            ears,
            today.toEpochDay());
    if (!alarm.sameAs(sentAlarm.value())) {
      sentAlarm.update(alarm);
      out.collect(alarm);
    }

    if (byOnset.isEmpty() && byArrival.isEmpty() && pending.isEmpty()) {
      // nothing left to watch: the alarm sent last was green and quiet (the levels fell with the
      // cases long before the history ran out)
      byOnset.clear();
      byArrival.clear();
      changed.clear();
      sentWeeks.clear();
      sentAlarm.clear();
      lastEarsAlarm.clear();
      levelledBy.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(tickAfter(asOf));
    }
  }

  /** Sends the weeks still revisable that differ from what was sent for them. */
  private void sendRevisedWeeks(List<NeighbourhoodWeek> weeks, Instant asOf, OnTimerContext ctx)
      throws Exception {
    for (int i = Math.max(0, weeks.size() - config.revisedWeeks()); i < weeks.size(); i++) {
      NeighbourhoodWeek w = weeks.get(i);
      long weekKey = w.weekStart().toEpochDay();
      NeighbourhoodWeek sent = sentWeeks.get(weekKey);
      boolean quietAndNew = sent == null && w.cases() == 0 && w.level() == AlertLevels.Level.GREEN;
      if (!w.sameAs(sent) && !quietAndNew) {
        NeighbourhoodWeek revised = w.asRevision(sent == null ? 1 : sent.revision() + 1, asOf);
        sentWeeks.put(weekKey, revised);
        ctx.output(WEEKS, revised);
      }
    }
  }

  private void forgetBefore(long oldestDay, LocalDate today) throws Exception {
    removeKeysBefore(byOnset, oldestDay);
    removeKeysBefore(byArrival, today.minusDays(EARS_DAYS).toEpochDay());
    removeKeysBefore(sentWeeks, oldestDay);
    Long ears = lastEarsAlarm.value();
    if (ears != null && ears < oldestDay) {
      lastEarsAlarm.clear();
    }
  }

  private static <V> void removeKeysBefore(MapState<Long, V> state, long oldest) throws Exception {
    var it = state.iterator();
    while (it.hasNext()) {
      if (it.next().getKey() < oldest) {
        it.remove();
      }
    }
  }

  private NeighbourhoodDay evaluateDay(String neighbourhood, Disease disease, LocalDate today)
      throws Exception {
    int[] counts = new int[EARS_DAYS];
    long first = today.toEpochDay() - EARS_DAYS + 1;
    for (int i = 0; i < EARS_DAYS; i++) {
      counts[i] = valueOr(byArrival.get(first + i));
    }
    int last = EARS_DAYS - 1;
    Ears.Result c1 = ears.evaluate(Ears.Method.C1, counts, last);
    Ears.Result c2 = ears.evaluate(Ears.Method.C2, counts, last);
    Ears.Result c3 = ears.evaluate(Ears.Method.C3, counts, last);
    return new NeighbourhoodDay(
        neighbourhood,
        disease,
        today.toEpochDay(),
        counts[last],
        finite(c1.statistic()),
        finite(c2.statistic()),
        finite(c3.statistic()),
        c1.alarm(),
        c2.alarm(),
        c3.alarm());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Every complete week of the history, oldest first, with its level. */
  private List<NeighbourhoodWeek> evaluateWeeks(
      String neighbourhood,
      Disease disease,
      LocalDate today,
      Instant asOf,
      AlertLevels levels,
      ReadOnlyContext ctx)
      throws Exception {
    // the last complete week ends on the last Saturday up to today
    LocalDate lastStart = EpiWeeks.start(today.plusDays(1)).minusWeeks(1);
    int n = config.historyWeeks();
    LocalDate firstStart = lastStart.minusWeeks(n - 1);
    int[] cases = new int[n];
    for (var e : byOnset.entries()) {
      long offset = e.getKey() - firstStart.toEpochDay();
      if (offset >= 0 && offset < n * 7L) {
        cases[(int) (offset / 7)] += e.getValue();
      }
    }
    Double[] temperature = weeklyMinimumTemperature(neighbourhood, firstStart, n, ctx);
    double population = populations.getOrDefault(neighbourhood, config.defaultPopulation());
    List<AlertLevels.Week> facts = new ArrayList<>(n);
    double[] incidence = new double[n];
    ReproductionNumber.Estimate[] estimates = new ReproductionNumber.Estimate[n];
    for (int w = 0; w < n; w++) {
      incidence[w] = cases[w] * 100_000.0 / population;
      estimates[w] = rt.estimate(cases, w);
      double growth = estimates[w] == null ? 0 : estimates[w].probabilityAboveOne();
      facts.add(new AlertLevels.Week(cases[w], incidence[w], temperature[w], growth));
    }
    List<AlertLevels.Level> level = levels.levels(facts);
    List<NeighbourhoodWeek> weeks = new ArrayList<>(n);
    for (int w = 0; w < n; w++) {
      LocalDate start = firstStart.plusWeeks(w);
      Double r =
          estimates[w] == null || !Double.isFinite(estimates[w].rt()) ? null : estimates[w].rt();
      weeks.add(
          new NeighbourhoodWeek(
              neighbourhood,
              disease,
              start.toEpochDay(),
              EpiWeeks.label(start),
              cases[w],
              incidence[w],
              r,
              estimates[w] == null ? 0 : estimates[w].probabilityAboveOne(),
              temperature[w],
              level.get(w),
              0,
              asOf));
    }
    return weeks;
  }

  /**
   * Per week, the mean of the daily minima at the station nearest the neighbourhood among those
   * that reported that week; null where none did.
   */
  private Double[] weeklyMinimumTemperature(
      String neighbourhood, LocalDate firstStart, int weeks, ReadOnlyContext ctx) throws Exception {
    Double[] out = new Double[weeks];
    GeoPoint centre = centroids.get(neighbourhood);
    if (centre == null) {
      return out;
    }
    List<Map.Entry<String, Double>> byDistance = new ArrayList<>();
    for (var e : ctx.getBroadcastState(STATIONS).immutableEntries()) {
      byDistance.add(Map.entry(e.getKey(), centre.distanceMetresTo(e.getValue())));
    }
    byDistance.sort(
        Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    ReadOnlyBroadcastState<String, StationTemperature> state = ctx.getBroadcastState(TEMPERATURES);
    for (int w = 0; w < weeks; w++) {
      long first = firstStart.plusWeeks(w).toEpochDay();
      for (var station : byDistance) {
        double sum = 0;
        int days = 0;
        for (long d = first; d < first + 7; d++) {
          StationTemperature t = state.get(dayKey(station.getKey(), d));
          if (t != null) {
            sum += t.temperatureC();
            days++;
          }
        }
        if (days > 0) {
          out[w] = Math.round(sum / days * 100) / 100.0;
          break;
        }
      }
    }
    return out;
  }
}
