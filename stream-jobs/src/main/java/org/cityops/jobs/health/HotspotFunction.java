package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
import org.cityops.geo.ZoneAdjacency;
import org.cityops.jobs.health.methods.AlertLevels;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.RuleVersions;

/**
 * Joins neighbourhoods in alarm for one disease (the key) into hotspot incidents: touching
 * neighbourhoods in alarm are one hotspot, drawn as their merged outline.
 *
 * <p>A neighbourhood is in alarm when its level is orange or red (InfoDengue), or when the day's
 * space-time scan puts it in a significant cluster and it shows growth of its own: an EARS alarm in
 * the last {@code earsRecentDays}, or P(Rt > 1) of its latest week above the orange level's
 * probability (EARS and Rt are quick but noisy over 164 neighbourhoods; the scan confirms). A
 * hotspot is Severe when a member is red, else Moderate; confirmed when a significant scan cluster
 * covers a member, which its evidence then shows (observed, expected, ratio, p-value).
 *
 * <p>Identity: a group of the day continues the open hotspot it shares most members with (the
 * oldest on a tie), so a hotspot that grows, shrinks or merges keeps its id and gains a version; a
 * hotspot no group continues is cleared. A version is sent only when members, severity or
 * confirmation change. Inputs of one reporting day are applied together on a timer at that day's
 * end. State: the latest alarm per neighbourhood (dropped when green with no recent EARS alarm),
 * the latest scan, the open hotspots; nothing is left once all is quiet.
 *
 * <p>Rules: alarms and scans come on one keyed input ({@link HotspotSignal}); the other takes the
 * versions of the disease-hotspot rule pushed at run time ({@code city.control}). A day is judged
 * by the growth probability of the version in force at its end (the starting one, or the highest
 * pushed version in force then: {@link RuleVersions}), and every hotspot version names that rule
 * and version (evidence {@value RuleVersions#RULE_VERSION}); the levels of the alarms were judged
 * by the same version, at the same instant, in the neighbourhood surveillance.
 */
public final class HotspotFunction
    extends KeyedBroadcastProcessFunction<String, HotspotSignal, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  private final HealthConfig.Hotspots settings;
  private final DetectorRule<Double> growth;
  private final String timeZone;
  private final ZoneAdjacency adjacency;
  private transient ZoneId zone;
  private transient MapState<String, NeighbourhoodAlarm> alarms;
  private transient ValueState<ScanResult> lastScan;
  private transient MapState<String, Hotspot> open;
  private transient org.cityops.jobs.common.EventTimeQueue<NeighbourhoodAlarm> pendingAlarms;
  private transient org.cityops.jobs.common.EventTimeQueue<ScanResult> pendingScans;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public HotspotFunction(
      HealthConfig config, ZoneAdjacency adjacency, String ruleId, long version) {
    this.settings = config.hotspots();
    this.growth =
        new DetectorRule<>(
            RainRuleChange.Detector.DISEASE_HOTSPOT,
            ruleId,
            version,
            config.levels().growthProbability(),
            change -> change.levels().growthProbability());
    this.timeZone = config.timeZone();
    this.adjacency = adjacency;
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "disease_hotspot");
    zone = ZoneId.of(timeZone);
    var ctx = getRuntimeContext();
    alarms =
        ctx.getMapState(
            new MapStateDescriptor<>("alarms", Types.STRING, Types.POJO(NeighbourhoodAlarm.class)));
    lastScan = ctx.getState(new ValueStateDescriptor<>("last-scan", ScanResult.class));
    pendingAlarms =
        org.cityops.jobs.common.EventTimeQueue.open(
            ctx, "pending-alarms", Types.POJO(NeighbourhoodAlarm.class));
    pendingScans =
        org.cityops.jobs.common.EventTimeQueue.open(
            ctx, "pending-scans", Types.POJO(ScanResult.class));
    open =
        ctx.getMapState(
            new MapStateDescriptor<>("open-hotspots", Types.STRING, Types.POJO(Hotspot.class)));
  }

  /** Starting from {@code config}'s growth probability as version 0 of {@code dengue}. */
  public HotspotFunction(HealthConfig config, ZoneAdjacency adjacency) {
    this(config, adjacency, "dengue", 0);
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    growth.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void processElement(HotspotSignal signal, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    // applied when the watermark reaches it: the scan may run weeks behind the alarms in a replay
    if (signal.alarm() != null) {
      pendingAlarms.add(ctx.timerService(), ctx.timestamp(), signal.alarm());
    } else {
      pendingScans.add(ctx.timerService(), ctx.timestamp(), signal.scan());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    Instant now = Instant.ofEpochMilli(timestamp);
    DetectorRule.InForce<Double> rule =
        growth.inForce(ctx.getBroadcastState(RuleVersions.RULES), now);
    double growthProbability = rule.rule();
    for (NeighbourhoodAlarm a : pendingAlarms.take(timestamp)) {
      alarms.put(a.neighbourhood(), a);
    }
    for (ScanResult s : pendingScans.take(timestamp)) {
      lastScan.update(s);
    }
    LocalDate today = now.minusMillis(1).atZone(zone).toLocalDate();
    ScanResult scan = lastScan.value();
    if (scan != null && scan.day().isBefore(today.minusDays(1))) {
      scan = null; // yesterday's scan at the oldest: an old cluster confirms nothing
    }
    LocalDate earsSince = today.minusDays(settings.earsRecentDays() - 1L);
    Set<String> inAlarm = new TreeSet<>();
    List<String> quiet = new ArrayList<>();
    for (var e : alarms.entries()) {
      NeighbourhoodAlarm a = e.getValue();
      boolean recentEars = a.lastEarsAlarm() != null && !a.lastEarsAlarm().isBefore(earsSince);
      boolean growing = a.growthProbability() > growthProbability;
      boolean inCluster = scan != null && scan.clusterOf(a.neighbourhood()) != null;
      if (a.level().compareTo(AlertLevels.Level.ORANGE) >= 0
          || (inCluster && (recentEars || growing))) {
        inAlarm.add(a.neighbourhood());
      } else if (a.level() == AlertLevels.Level.GREEN && !recentEars && !growing) {
        // nothing here could put it in alarm; what could (an EARS alarm, growth, a level) comes
        // with a new alarm message
        quiet.add(e.getKey());
      }
    }
    for (String q : quiet) {
      alarms.remove(q);
    }

    List<Hotspot> hotspots = new ArrayList<>();
    for (var e : open.entries()) {
      hotspots.add(e.getValue());
    }
    hotspots.sort(Comparator.comparing(Hotspot::openedAt).thenComparing(Hotspot::incidentId));
    Set<String> continued = new HashSet<>();
    String disease = ctx.getCurrentKey();
    for (List<String> group : adjacency.groups(inAlarm)) {
      Hotspot before = continuedBy(group, hotspots, continued);
      Severity severity = Severity.MODERATE;
      for (String n : group) {
        if (alarms.get(n).level() == AlertLevels.Level.RED) {
          severity = Severity.SEVERE;
        }
      }
      ScanResult.Cluster cluster = null;
      for (String n : group) {
        if (cluster == null && scan != null) {
          cluster = scan.clusterOf(n);
        }
      }
      boolean confirmed = cluster != null;
      if (before != null) {
        continued.add(before.incidentId());
        if (before.sameAs(group, severity, confirmed)) {
          continue;
        }
      }
      String id =
          before != null
              ? before.incidentId()
              : IncidentType.DISEASE_HOTSPOT.code()
                  + ":"
                  + disease
                  + ":"
                  + group.get(0)
                  + ":"
                  + today;
      Hotspot next =
          new Hotspot(
              id,
              group,
              severity,
              confirmed,
              before == null ? 1 : before.version() + 1,
              before == null ? now : before.openedAt());
      open.put(id, next);
      out.collect(incident(next, cluster, scan, now, null, rule));
    }
    for (Hotspot h : hotspots) {
      if (!continued.contains(h.incidentId())) {
        open.remove(h.incidentId());
        Hotspot cleared =
            new Hotspot(
                h.incidentId(),
                h.members(),
                h.severity(),
                h.confirmed(),
                h.version() + 1,
                h.openedAt());
        out.collect(incident(cleared, null, null, now, now, rule));
      }
    }
    if (alarms.isEmpty() && open.isEmpty()) {
      lastScan.clear();
    }
  }

  /** The open hotspot {@code group} continues: most members shared, oldest first; or null. */
  private static Hotspot continuedBy(
      List<String> group, List<Hotspot> hotspots, Set<String> taken) {
    Hotspot best = null;
    long bestShared = 0;
    for (Hotspot h : hotspots) {
      if (taken.contains(h.incidentId())) {
        continue;
      }
      long shared = h.members().stream().filter(group::contains).count();
      if (shared > bestShared) {
        best = h;
        bestShared = shared;
      }
    }
    return best;
  }

  private Incident incident(
      Hotspot h,
      ScanResult.Cluster cluster,
      ScanResult scan,
      Instant now,
      Instant clearedAt,
      DetectorRule.InForce<Double> rule)
      throws Exception {
    List<Evidence> evidence = new ArrayList<>();
    for (String n : h.members()) {
      NeighbourhoodAlarm a = alarms.get(n);
      if (a == null) {
        continue;
      }
      Instant week = a.weekStart() == null ? now : a.weekStart().atStartOfDay(zone).toInstant();
      evidence.add(new Evidence("alert_level", n, week, a.level().rank(), null));
      evidence.add(new Evidence("cases_week", n, week, a.weekCases(), "cases"));
      evidence.add(
          new Evidence(
              "incidence_per_100k",
              n,
              week,
              Math.round(a.incidencePer100k() * 10) / 10.0,
              "1/100k"));
      if (a.lastEarsAlarm() != null) {
        evidence.add(
            new Evidence(
                "ears_alarm", n, a.lastEarsAlarm().atStartOfDay(zone).toInstant(), 1, null));
      }
    }
    if (cluster != null) {
      String source = "scan:" + scan.disease().code() + ":" + scan.day();
      Instant day = scan.day().atStartOfDay(zone).toInstant();
      evidence.add(new Evidence("scan_observed", source, day, cluster.observed(), "cases"));
      evidence.add(
          new Evidence(
              "scan_expected", source, day, Math.round(cluster.expected() * 100) / 100.0, "cases"));
      evidence.add(
          new Evidence(
              "scan_llr",
              source,
              day,
              Math.round(cluster.logLikelihoodRatio() * 1000) / 1000.0,
              null));
      evidence.add(new Evidence("scan_p_value", source, day, cluster.pValue(), null));
      evidence.add(new Evidence("scan_window_days", source, day, cluster.windowDays(), "d"));
    }
    evidence.add(rule.evidence(now));
    return new Incident(
        h.incidentId(),
        IncidentType.DISEASE_HOTSPOT,
        area(h.members()),
        h.severity(),
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        h.version(),
        h.openedAt(),
        now,
        clearedAt);
  }

  /** The members' merged outline, a circle around it, and their names. */
  private Area area(List<String> members) {
    // a CAP area is not a cadastre: coarser until it fits the contract's limits
    double tolerance = Math.max(1, settings.outlineToleranceM());
    List<List<GeoPoint>> outline = adjacency.outline(members, tolerance);
    while (outline.size() > Area.MAX_RINGS
        || outline.stream().anyMatch(r -> r.size() > Area.MAX_RING_POINTS)) {
      tolerance *= 2;
      outline = adjacency.outline(members, tolerance);
    }
    if (outline.size() > Area.MAX_RINGS) {
      outline = outline.subList(0, Area.MAX_RINGS);
    }
    List<GeoPoint> points = new ArrayList<>();
    outline.forEach(points::addAll);
    List<Area.Ring> rings = outline.stream().map(Area.Ring::new).toList();
    double lat = 0;
    double lon = 0;
    for (GeoPoint p : points) {
      lat += p.lat();
      lon += p.lon();
    }
    GeoPoint centre =
        new GeoPoint(
            Math.round(lat / points.size() * 1e6) / 1e6,
            Math.round(lon / points.size() * 1e6) / 1e6);
    double radius = 0;
    for (GeoPoint p : points) {
      radius = Math.max(radius, centre.distanceMetresTo(p));
    }
    StringBuilder names = new StringBuilder();
    List<String> sorted =
        members.stream()
            .map(m -> adjacency.zones().byId(m).map(z -> z.name()).orElse(m))
            .sorted()
            .toList();
    for (String name : sorted) {
      if (names.length() + name.length() + 2 > 200) {
        break;
      }
      names.append(names.isEmpty() ? "" : ", ").append(name);
    }
    return new Area(centre, Math.min(100_000, Math.ceil(radius)), names.toString(), rings);
  }
}
