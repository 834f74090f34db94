package org.cityops.jobs.flooding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.cityops.events.CitizenReport;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.common.EventTimeQueue;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.DetectorRule.InForce;
import org.cityops.jobs.rain.RuleVersions;

/**
 * Per grid cell ({@link ReportGrid}), an {@code urban_flooding} incident when at least {@code
 * minReporters} distinct residents report flooding within {@code radiusM} and {@code window} of
 * each other, as the operations center does with crowd reports: one report is a rumour, several
 * independent ones are a fact.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every cell within {@code radiusM} of a report hears it. A cell with an open incident takes
 *       in a report near its center; a cell without one counts the cluster around the report and
 *       opens an incident only if the cluster's first report (by time, then id) lies in the cell:
 *       all cells see the same cluster and agree on one owner, so a cluster across a cell border
 *       makes one incident. (Two nearby spots whose clusters have owners in different cells can
 *       still make two; fusing incidents of one kind and area is the incident service's work.) A
 *       report id seen before is ignored (redelivery); reports of one reporter count once. The
 *       incident id is the type, the owning cell and the event time it opened.
 *   <li>Open: Moderate, confidence from the number of reporters; strong rain (the hourly sum of a
 *       gauge within {@code rainRadiusM}, within the window) corroborates it: Severe, higher
 *       confidence. Rain heard after the incident opened raises it too. (Rain is only ever used
 *       within {@code window} of a report the cell heard, so only such rain is sent to a cell:
 *       {@link RainForReportedCells}.) A new version comes when a new reporter raises the
 *       confidence or doubles the crowd (8, 16, 32, ... reporters), or the rain corroborates;
 *       nothing else is emitted. So a flood of reports from many identities makes a few versions,
 *       not one per report, for everything downstream (the operators' queue, the warnings waiting
 *       for a person).
 *   <li>Clear: when no report joined for {@code clearAfter} of event time (the water has drained or
 *       nobody is there to see it: the operators confirm).
 *   <li>Rules: the reporters needed are the urban-flooding rule's in force at the report's time:
 *       the starting one, or the highest version pushed at run time ({@code city.control}) in force
 *       then ({@link RuleVersions}); the rain that corroborates was judged by {@link
 *       StrongRainToRegions} under the rule in force at the rain's time. Every incident version
 *       names the rule and version in force at its time (evidence {@value
 *       RuleVersions#RULE_VERSION}).
 *   <li>Order: signals wait in state until the watermark passes their time and are then taken in
 *       event-time order (at one instant rain before reports, each by id), so the result does not
 *       depend on how the two inputs interleave. A late signal (at or behind the watermark) is
 *       taken at once; late rain never replaces newer rain of the same gauge. Output comes from
 *       state and event time only.
 *   <li>State: signals waiting for the watermark, reports and strong rain of the last window, the
 *       open incident and its reporters. Every record sets a timer at its time plus the window (and
 *       a report joining an incident one at its time plus {@code clearAfter}); when a timer fires,
 *       older records go, and the cell's state goes entirely once it holds nothing and no incident
 *       is open.
 * </ul>
 */
public final class UrbanFloodingFunction
    extends KeyedBroadcastProcessFunction<String, CellSignal, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;

  /** At one instant rain first (a report of that instant sees it), then each by its id. */
  private static final Comparator<CellSignal> IN_ORDER =
      Comparator.comparing((CellSignal s) -> s.report() != null)
          .thenComparing(s -> s.report() != null ? s.report().reportId() : s.gaugeId());

  private final FloodingConfig config;
  private final DetectorRule<Integer> rules;
  private final ReportGrid grid;
  private transient MapState<String, CitizenReport> reports;
  private transient MapState<String, GaugeRain> rain;
  private transient MapState<String, Boolean> reporters;
  private transient ValueState<FloodingState> incident;
  private transient EventTimeQueue<CellSignal> pending;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public UrbanFloodingFunction(FloodingConfig config, String ruleId, long version) {
    this.config = config;
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.URBAN_FLOODING,
            ruleId,
            version,
            config.minReporters(),
            change -> change.flooding().minReporters());
    this.grid = new ReportGrid(config.radiusM());
  }

  /** Starting from {@code config}'s thresholds as version 0 of {@code urban-flooding}. */
  public UrbanFloodingFunction(FloodingConfig config) {
    this(config, "urban-flooding", 0);
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  /** The rule in force at {@code at}: the reporters it needs. */
  private InForce<Integer> inForce(ReadOnlyContext ctx, Instant at) throws Exception {
    return rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), at);
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "urban_flooding");
    reports =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "reports", Types.STRING, TypeInformation.of(CitizenReport.class)));
    rain =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "strong-rain", Types.STRING, TypeInformation.of(GaugeRain.class)));
    reporters =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("reporters", Types.STRING, Types.BOOLEAN));
    incident =
        getRuntimeContext().getState(new ValueStateDescriptor<>("flooding", FloodingState.class));
    pending =
        EventTimeQueue.open(getRuntimeContext(), "pending", TypeInformation.of(CellSignal.class));
  }

  @Override
  public void processElement(CellSignal signal, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    if (!pending.addUnlessDue(ctx.timerService(), signal.time().toEpochMilli(), signal)) {
      apply(signal, ctx, out);
    }
  }

  private void apply(CellSignal signal, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    if (signal.report() != null) {
      onReport(signal, ctx, out);
    } else {
      GaugeRain heard =
          new GaugeRain(
              signal.gaugeId(), signal.gaugeLocation(), signal.rainAt(), signal.rain1hMm());
      GaugeRain known = rain.get(signal.gaugeId());
      if (known == null || !known.at().isAfter(heard.at())) {
        rain.put(signal.gaugeId(), heard);
      }
      ctx.timerService().registerEventTimeTimer(expiry(heard.at()));
      FloodingState open = incident.value();
      if (open != null
          && open.corroboratedBy() == null
          && heard.location().distanceMetresTo(open.center()) <= config.rainRadiusM()
          && within(heard.at(), open.lastReportAt())) {
        FloodingState corroborated =
            new FloodingState(
                open.incidentId(),
                open.center(),
                open.version() + 1,
                open.openedAt(),
                open.lastReportAt(),
                open.reporters(),
                heard.gaugeId(),
                heard.rain1hMm());
        incident.update(corroborated);
        Instant at = heard.at().isAfter(open.lastReportAt()) ? heard.at() : open.lastReportAt();
        out.collect(incident(corroborated, at, null, inForce(ctx, at)));
      }
    }
  }

  private void onReport(CellSignal signal, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    CitizenReport report = signal.report();
    if (reports.contains(report.reportId())) {
      return;
    }
    reports.put(report.reportId(), report);
    ctx.timerService().registerEventTimeTimer(expiry(report.time()));
    FloodingState open = incident.value();
    if (open != null) {
      join(open, report, ctx, out);
      return;
    }
    List<CitizenReport> cluster = new ArrayList<>();
    Set<String> people = new HashSet<>();
    for (CitizenReport other : reports.values()) {
      if (within(other.time(), report.time())
          && other.location().distanceMetresTo(report.location()) <= config.radiusM()) {
        cluster.add(other);
        people.add(other.reporterId());
      }
    }
    CitizenReport anchor =
        cluster.stream()
            .min(Comparator.comparing(CitizenReport::time).thenComparing(CitizenReport::reportId))
            .orElseThrow();
    // every cell around the cluster sees it; the cell of its first report owns it
    InForce<Integer> rule = inForce(ctx, report.time());
    if (people.size() >= rule.rule()
        && grid.cellOf(anchor.location()).equals(ctx.getCurrentKey())) {
      GeoPoint center = centroid(cluster);
      GaugeRain backing = corroboration(center, report.time());
      for (String person : people) {
        reporters.put(person, true);
      }
      FloodingState opened =
          new FloodingState(
              "urban_flooding:" + ctx.getCurrentKey() + ":" + report.time().getEpochSecond(),
              center,
              1,
              report.time(),
              report.time(),
              people.size(),
              backing == null ? null : backing.gaugeId(),
              backing == null ? 0 : backing.rain1hMm());
      incident.update(opened);
      ctx.timerService().registerEventTimeTimer(clearDue(opened));
      out.collect(incident(opened, report.time(), null, rule));
    }
  }

  /**
   * A report near an open incident joins it; a new reporter makes a new version when it raises the
   * confidence or doubles the crowd.
   */
  private void join(
      FloodingState open, CitizenReport report, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    if (report.location().distanceMetresTo(open.center()) > config.radiusM()) {
      return; // another spot of the same cell: it may open its own incident once this one clears
    }
    boolean newPerson = !reporters.contains(report.reporterId());
    reporters.put(report.reporterId(), true);
    Instant last = report.time().isAfter(open.lastReportAt()) ? report.time() : open.lastReportAt();
    int crowd = newPerson ? open.reporters() + 1 : open.reporters();
    boolean corroborated = open.corroboratedBy() != null;
    boolean worthAVersion =
        newPerson
            && (confidence(crowd, corroborated) != confidence(open.reporters(), corroborated)
                || Integer.bitCount(crowd) == 1);
    FloodingState joined =
        new FloodingState(
            open.incidentId(),
            open.center(),
            worthAVersion ? open.version() + 1 : open.version(),
            open.openedAt(),
            last,
            crowd,
            open.corroboratedBy(),
            open.corroboratingMm());
    incident.update(joined);
    ctx.timerService().registerEventTimeTimer(clearDue(joined));
    if (worthAVersion) {
      out.collect(incident(joined, last, null, inForce(ctx, last)));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    for (CellSignal signal : pending.take(timestamp).stream().sorted(IN_ORDER).toList()) {
      apply(signal, ctx, out);
    }
    FloodingState open = incident.value();
    if (open != null && clearDue(open) <= timestamp) {
      Instant at = Instant.ofEpochMilli(clearDue(open));
      FloodingState last =
          new FloodingState(
              open.incidentId(),
              open.center(),
              open.version() + 1,
              open.openedAt(),
              open.lastReportAt(),
              open.reporters(),
              open.corroboratedBy(),
              open.corroboratingMm());
      out.collect(incident(last, at, at, inForce(ctx, at)));
      incident.clear();
      reporters.clear();
    }
    long oldest = timestamp - config.window().toMillis();
    List<String> expired = new ArrayList<>();
    for (CitizenReport r : reports.values()) {
      if (r.time().toEpochMilli() < oldest) {
        expired.add(r.reportId());
      }
    }
    for (String id : expired) {
      reports.remove(id);
    }
    expired.clear();
    for (GaugeRain g : rain.values()) {
      if (g.at().toEpochMilli() < oldest) {
        expired.add(g.gaugeId());
      }
    }
    for (String id : expired) {
      rain.remove(id);
    }
  }

  private boolean within(Instant a, Instant b) {
    return Math.abs(a.toEpochMilli() - b.toEpochMilli()) <= config.window().toMillis();
  }

  private long expiry(Instant t) {
    return t.toEpochMilli() + config.window().toMillis() + 1;
  }

  private long clearDue(FloodingState s) {
    return s.lastReportAt().toEpochMilli() + config.clearAfter().toMillis();
  }

  private GaugeRain corroboration(GeoPoint center, Instant at) throws Exception {
    GaugeRain best = null;
    for (GaugeRain g : rain.values()) {
      if (within(g.at(), at)
          && g.location().distanceMetresTo(center) <= config.rainRadiusM()
          && (best == null || g.rain1hMm() > best.rain1hMm())) {
        best = g;
      }
    }
    return best;
  }

  private static GeoPoint centroid(List<CitizenReport> cluster) {
    double lat = 0;
    double lon = 0;
    for (CitizenReport r : cluster) {
      lat += r.location().lat();
      lon += r.location().lon();
    }
    return new GeoPoint(
        Math.round(lat / cluster.size() * 1e6) / 1e6, Math.round(lon / cluster.size() * 1e6) / 1e6);
  }

  /** Confidence grows with each independent reporter and with strong rain nearby. */
  static double confidence(int reporters, boolean corroborated) {
    return Math.min(0.95, 0.3 + 0.1 * reporters + (corroborated ? 0.3 : 0));
  }

  private Incident incident(FloodingState s, Instant at, Instant clearedAt, InForce<Integer> rule) {
    boolean corroborated = s.corroboratedBy() != null;
    List<Evidence> evidence = new ArrayList<>(4);
    evidence.add(new Evidence("reporters", s.incidentId(), at, s.reporters(), null));
    evidence.add(
        new Evidence(
            "confidence",
            s.incidentId(),
            at,
            Math.round(confidence(s.reporters(), corroborated) * 100) / 100.0,
            null));
    if (corroborated) {
      evidence.add(new Evidence("rain_1h_mm", s.corroboratedBy(), at, s.corroboratingMm(), "mm"));
    }
    evidence.add(rule.evidence(at));
    return new Incident(
        s.incidentId(),
        IncidentType.URBAN_FLOODING,
        new Area(s.center(), config.radiusM(), null),
        corroborated ? Severity.SEVERE : Severity.MODERATE,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        evidence,
        s.version(),
        s.openedAt(),
        at,
        clearedAt);
  }
}
