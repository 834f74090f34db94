package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
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
 * Per stretch of road, a {@code traffic_incident} when {@code minReporters} distinct residents
 * report an accident or a blocked road there within {@code window}. Its confidence, {@code 1 -
 * 0.5^n} for n distinct reporters, rises with each independent one (a new version each time); it
 * clears after {@code clearAfter} without a new report. Its evidence is residents' only
 * ("reporters", "confidence", and the rule that judged them): a public warning waits for a sensor
 * or an operator, and where the detectors saw the same thing the incident lifecycle fuses the two
 * (overlapping areas), which makes it confirmed.
 *
 * <p>Contract: reports wait for the watermark and are taken in event-time order; a report id seen
 * before is counted once, and one reporter's many reports count as one. A report behind the
 * watermark is taken at once if it still falls within the window. State: the window's reports and
 * the open incident, cleared when the incident clears or when the window passes with too few
 * reporters; reports waiting for the watermark, dropped once taken. Timers: one per waiting report
 * and one for the clearing (or forgetting), each doing nothing when outdated.
 *
 * <p>Rules: each report is counted against the reporters needed by the accident-reports rule in
 * force at its own time: the starting one, or the highest version pushed at run time ({@code
 * city.control}, the broadcast input) in force then ({@link RuleVersions}); the window and the
 * clearing stay the starting ones. Every incident version names the rule and version in force at
 * its time (evidence {@value RuleVersions#RULE_VERSION}).
 */
public final class AccidentReportsFunction
    extends KeyedBroadcastProcessFunction<String, StretchReport, RainRuleChange, Incident> {
  private transient org.apache.flink.metrics.Counter signals;
  private final TrafficConfig.Reports config;
  private final DetectorRule<Integer> rules;
  private transient ValueState<ReportsState> state;
  private transient EventTimeQueue<StretchReport> waiting;

  /**
   * @param config the settings and the rule the job starts with, in force until a higher version
   *     takes over
   * @param ruleId the starting rule's id, and {@code version} its version (0 for single settings)
   */
  public AccidentReportsFunction(TrafficConfig.Reports config, String ruleId, long version) {
    this.config = config;
    this.rules =
        new DetectorRule<>(
            RainRuleChange.Detector.ACCIDENT_REPORTS,
            ruleId,
            version,
            config.minReporters(),
            change -> change.accidents().minReporters());
  }

  /** Starting from {@code config}'s reporters as version 0 of {@code accident-reports}. */
  public AccidentReportsFunction(TrafficConfig.Reports config) {
    this(config, "accident-reports", 0);
  }

  @Override
  public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<Incident> out)
      throws Exception {
    rules.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void open(OpenContext openContext) {
    signals =
        org.cityops.jobs.common.DetectorMetrics.signals(getRuntimeContext(), "accident_reports");
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("reports", ReportsState.class));
    waiting =
        EventTimeQueue.open(
            getRuntimeContext(), "waiting", TypeInformation.of(StretchReport.class));
  }

  @Override
  public void processElement(StretchReport r, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    signals.inc();
    if (!waiting.addUnlessDue(ctx.timerService(), r.time().toEpochMilli(), r)) {
      take(r, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    for (StretchReport r : waiting.take(timestamp)) {
      take(r, ctx, out);
    }
    ReportsState s = state.value();
    if (s != null && s.incidentId() != null && clearDue(s) == timestamp) {
      Instant at = Instant.ofEpochMilli(timestamp);
      out.collect(incident(s, s.version() + 1, at, at, inForce(ctx, at)));
      state.clear();
    } else if (s != null
        && s.incidentId() == null
        && s.lastReport().plus(config.window()).toEpochMilli() == timestamp) {
      state.clear(); // too few reporters, and the window has passed
    }
  }

  private long clearDue(ReportsState s) {
    return s.lastReport().plus(config.clearAfter()).toEpochMilli();
  }

  private InForce<Integer> inForce(ReadOnlyContext ctx, Instant at) throws Exception {
    return rules.inForce(ctx.getBroadcastState(RuleVersions.RULES), at);
  }

  private void take(StretchReport r, ReadOnlyContext ctx, Collector<Incident> out)
      throws Exception {
    ReportsState s = state.value();
    List<StretchReport> window = new ArrayList<>();
    if (s != null) {
      for (StretchReport known : s.reports()) {
        if (known.reportId().equals(r.reportId())) {
          return; // the same report again
        }
        if (!known.time().isBefore(r.time().minus(config.window()))) {
          window.add(known);
        }
      }
      if (r.time().isBefore(s.lastReport().minus(config.window()))) {
        return; // too old to count with the others
      }
    }
    window.add(r);
    window.sort(java.util.Comparator.comparing(StretchReport::time));
    Set<String> reporters = new HashSet<>();
    window.forEach(w -> reporters.add(w.reporterId()));
    Instant last = s == null || r.time().isAfter(s.lastReport()) ? r.time() : s.lastReport();
    String id = s == null ? null : s.incidentId();
    Instant openedAt = s == null ? null : s.openedAt();
    long version = s == null ? 0 : s.version();
    int told = s == null ? 0 : s.reportersTold();
    ReportsState next =
        new ReportsState(r.stretchId(), r, window, last, id, openedAt, version, told);
    InForce<Integer> rule = inForce(ctx, r.time());
    if (id == null && reporters.size() >= rule.rule()) {
      openedAt = window.get(0).time();
      id = "traffic_incident:reports:" + r.stretchId() + ":" + openedAt.getEpochSecond();
      next = new ReportsState(r.stretchId(), r, window, last, id, openedAt, 1, reporters.size());
      out.collect(incident(next, 1, r.time(), null, rule));
    } else if (id != null && reporters.size() > told) {
      next =
          new ReportsState(
              r.stretchId(), r, window, last, id, openedAt, version + 1, reporters.size());
      out.collect(incident(next, version + 1, r.time(), null, rule));
    }
    ctx.timerService()
        .registerEventTimeTimer(
            next.incidentId() != null ? clearDue(next) : last.plus(config.window()).toEpochMilli());
    state.update(next);
  }

  private static Incident incident(
      ReportsState s, long version, Instant at, Instant clearedAt, InForce<Integer> rule) {
    int n = s.reportersTold();
    StretchReport any = s.sample();
    return new Incident(
        s.incidentId(),
        IncidentType.TRAFFIC_INCIDENT,
        // no zone: the lifecycle fuses it with the detectors' incident where the areas overlap
        new Area(any.middle(), Math.max(100, any.halfLengthM()), null),
        Severity.MODERATE,
        clearedAt == null ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(
            new Evidence("reporters", s.stretchId(), at, n, null),
            new Evidence("confidence", s.stretchId(), at, 1 - Math.pow(0.5, n), null),
            rule.evidence(at)),
        version,
        s.openedAt(),
        at,
        clearedAt);
  }

  /**
   * A stretch's reports within the window (newest time {@code lastReport}), one of them kept as a
   * sample of where the stretch is, and the open incident with how many reporters it told of.
   */
  public record ReportsState(
      String stretchId,
      StretchReport sample,
      List<StretchReport> reports,
      Instant lastReport,
      String incidentId,
      Instant openedAt,
      long version,
      int reportersTold) {}
}
