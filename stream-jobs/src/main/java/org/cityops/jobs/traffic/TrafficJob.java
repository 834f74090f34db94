package org.cityops.jobs.traffic;

import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.Incident;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.NoRuleChanges;
import org.cityops.jobs.rain.RuleVersions;
import org.cityops.roads.DetectorLayout;

/**
 * The traffic job's wiring: readings (with event-time timestamps and watermarks) in; traffic
 * incidents between detector pairs, congestion per detector, stuck and silent detectors as
 * maintenance incidents, each detector's level per interval, and rejected readings out. Sources and
 * sinks are bound by the caller.
 */
public final class TrafficJob {
  private TrafficJob() {}

  /** The job's output streams. */
  public record Outputs(
      DataStream<Incident> incidents,
      DataStream<SegmentStatus> statuses,
      DataStream<Rejected> rejected) {}

  /** Without residents' reports (a replay of detector data). */
  public static Outputs wire(
      DataStream<Reading> readings, DetectorLayout layout, TrafficConfig config) {
    return wire(readings, null, null, layout, config);
  }

  /**
   * With residents' reports, from the thresholds of {@code config} (version 0 of each rule) and no
   * rule changes (a replay, a backtest).
   */
  public static Outputs wire(
      DataStream<Reading> readings,
      DataStream<org.cityops.events.CitizenReport> reports,
      org.cityops.jobs.common.RoadSettings roads,
      DetectorLayout layout,
      TrafficConfig config) {
    return wire(readings, reports, roads, layout, config, TrafficRules.FROM_SETTINGS, null);
  }

  /**
   * @param reports residents' reports with timestamps and watermarks, or null for none
   * @param roads the roads reports are put on (with {@code reports})
   * @param rules the ids and versions of the rules {@code config}'s thresholds are
   * @param ruleChanges new versions of the rules pushed at run time ({@code city.control}), or null
   *     for none; the traffic detectors take their own and pass over the others
   */
  public static Outputs wire(
      DataStream<Reading> readings,
      DataStream<org.cityops.events.CitizenReport> reports,
      org.cityops.jobs.common.RoadSettings roads,
      DetectorLayout layout,
      TrafficConfig config,
      TrafficRules rules,
      DataStream<RainRuleChange> ruleChanges) {
    BroadcastStream<RainRuleChange> ruleInput =
        NoRuleChanges.orNone(ruleChanges, readings, TrafficJobUids.NO_RULE_CHANGES)
            .broadcast(RuleVersions.RULES);
    SingleOutputStreamOperator<DetectorReading> checked =
        readings
            .process(new DetectorReadingCheck(layout.sites().keySet()))
            .uid(TrafficJobUids.CHECK)
            .name("check traffic readings");
    SingleOutputStreamOperator<DetectorReading> trusted =
        checked
            .keyBy(DetectorReading::detectorId)
            .process(
                new DetectorHealthFunction(
                    config.stuckInARow(), config.silentAfter(), layout.sites()))
            .uid(TrafficJobUids.HEALTH)
            .name("detector health (stuck, silent)");
    SingleOutputStreamOperator<Incident> congestion =
        trusted
            .keyBy(DetectorReading::detectorId)
            .connect(ruleInput)
            .process(
                new CongestionFunction(
                    config.congestion(),
                    layout.sites(),
                    rules.congestionRuleId(),
                    rules.congestionVersion()))
            .uid(TrafficJobUids.CONGESTION)
            .name("congestion per detector");
    DataStream<Incident> incidents =
        trusted
            .flatMap(new ToDetectorPairs(layout.pairs()))
            .uid(TrafficJobUids.TO_PAIRS)
            .name("to detector pairs")
            .keyBy(PairReading::pairId)
            .connect(ruleInput)
            .process(
                new CaliforniaIncidentFunction(
                    config.california(), layout, rules.incidentRuleId(), rules.incidentVersion()))
            .uid(TrafficJobUids.CALIFORNIA)
            .name("incidents between detectors (California #8)");
    DataStream<Incident> all =
        incidents.union(congestion, trusted.getSideOutput(DetectorHealthFunction.MAINTENANCE));
    DataStream<Rejected> rejected = checked.getSideOutput(DetectorReadingCheck.REJECTED);
    if (reports != null) {
      SingleOutputStreamOperator<StretchReport> placed =
          reports
              .process(new ReportsToStretches(roads, config.reports().maxDistanceM()))
              .uid(TrafficJobUids.REPORTS_TO_STRETCHES)
              .name("reports to road stretches");
      all =
          all.union(
              placed
                  .keyBy(StretchReport::stretchId)
                  .connect(ruleInput)
                  .process(
                      new AccidentReportsFunction(
                          config.reports(), rules.reportsRuleId(), rules.reportsVersion()))
                  .uid(TrafficJobUids.ACCIDENT_REPORTS)
                  .name("accident reports per stretch"));
      rejected = rejected.union(placed.getSideOutput(ReportsToStretches.REJECTED));
    }
    return new Outputs(all, congestion.getSideOutput(CongestionFunction.STATUS), rejected);
  }
}
