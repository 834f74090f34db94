package org.cityops.jobs.health;

import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.Incident;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.NoRuleChanges;
import org.cityops.jobs.rain.RuleVersions;

/**
 * The health job's wiring: case notifications (timestamps and watermarks from their notification
 * times) and weather readings in; hotspot incidents, weekly and daily series per neighbourhood, the
 * daily scans and rejected notifications out. Sources and sinks are bound by the caller.
 *
 * <p>place in a neighbourhood -> count once per notification id -> per neighbourhood and disease:
 * EARS, weeks, Rt, levels -> per disease: the space-time scan, and hotspots from the levels, EARS
 * and the scan.
 */
public final class HealthJob {
  private HealthJob() {}

  /** The job's output streams. */
  public record Outputs(
      DataStream<Incident> incidents,
      DataStream<NeighbourhoodWeek> weeks,
      DataStream<NeighbourhoodDay> days,
      DataStream<ScanResult> scans,
      DataStream<NeighbourhoodReports> residentReports,
      DataStream<Rejected> rejected) {}

  /**
   * @param readings readings with timestamps and watermarks (the weather stations' temperatures are
   *     used), or null for none: then no week is warm, and yellow comes only from incidence
   */
  public static Outputs wire(
      DataStream<CaseRecord> cases,
      DataStream<Reading> readings,
      HealthAreas areas,
      HealthConfig config) {
    return wire(cases, readings, null, areas, config);
  }

  /**
   * @param reports residents' reports with timestamps and watermarks (those of suspected dengue are
   *     counted per neighbourhood and week, apart from notifications), or null for none
   */
  public static Outputs wire(
      DataStream<CaseRecord> cases,
      DataStream<Reading> readings,
      DataStream<org.cityops.events.CitizenReport> reports,
      HealthAreas areas,
      HealthConfig config) {
    return wire(cases, readings, reports, areas, config, HealthRules.FROM_SETTINGS, null);
  }

  /**
   * As {@link #wire(DataStream, DataStream, DataStream, HealthAreas, HealthConfig)}, starting from
   * {@code rules} (the id and version {@code config}'s levels are) and taking new versions pushed
   * at run time ({@code city.control}: {@code ruleChanges}, or null for none).
   */
  public static Outputs wire(
      DataStream<CaseRecord> cases,
      DataStream<Reading> readings,
      DataStream<org.cityops.events.CitizenReport> reports,
      HealthAreas areas,
      HealthConfig config,
      HealthRules rules,
      DataStream<RainRuleChange> ruleChanges) {
    Duration revised = Duration.ofDays(7L * config.revisedWeeks());
    SingleOutputStreamOperator<PlacedCase> placed =
        cases
            // keyed by id from the source on, so a notification's versions stay in order
            .keyBy(CaseRecord::notificationId)
            .process(new CasePlacement(areas.zones(), revised, ZoneId.of(config.timeZone())))
            .uid(HealthJobUids.PLACE)
            .name("place cases in neighbourhoods");
    // placement ran keyed by the same id and left every record where it was: no second shuffle
    SingleOutputStreamOperator<CaseDelta> deltas =
        org.apache.flink.streaming.api.datastream.DataStreamUtils.reinterpretAsKeyedStream(
                placed, PlacedCase::id)
            .process(new CaseDeduplication(revised.plusDays(7)))
            .uid(HealthJobUids.DEDUPLICATE)
            .name("count each notification once");
    DataStream<StationTemperature> temperatures =
        readings == null
            ? cases
                .getExecutionEnvironment()
                .fromData(StationTemperature.class, new StationTemperature[0])
            : readings
                .flatMap(new ToStationTemperature(config.timeZone()))
                .uid(HealthJobUids.TEMPERATURES)
                .name("station temperatures");
    DataStream<BroadcastSignal> toSurveillance =
        temperatures
            .map(BroadcastSignal::of)
            .returns(BroadcastSignal.class)
            .uid(HealthJobUids.TEMPERATURE_SIGNALS)
            .name("temperatures to surveillance");
    if (ruleChanges != null) {
      toSurveillance =
          toSurveillance.union(
              ruleChanges
                  .map(BroadcastSignal::of)
                  .returns(BroadcastSignal.class)
                  .uid(HealthJobUids.RULE_SIGNALS)
                  .name("rule changes to surveillance"));
    }
    BroadcastStream<BroadcastSignal> broadcast =
        toSurveillance.broadcast(
            NeighbourhoodSurveillance.TEMPERATURES,
            NeighbourhoodSurveillance.STATIONS,
            RuleVersions.RULES);
    SingleOutputStreamOperator<NeighbourhoodAlarm> surveillance =
        deltas
            .keyBy(CaseDelta::areaKey)
            .connect(broadcast)
            .process(
                new NeighbourhoodSurveillance(
                    config,
                    areas.centroids(),
                    areas.populations(),
                    rules.diseaseRuleId(),
                    rules.diseaseVersion()))
            .uid(HealthJobUids.SURVEILLANCE)
            .name("surveillance per neighbourhood (EARS, Rt, levels)");
    SingleOutputStreamOperator<ScanResult> scans =
        surveillance
            .getSideOutput(NeighbourhoodSurveillance.ONSETS)
            .keyBy(c -> c.disease().code())
            .process(new SurveillanceScan(config, areas.centroids()))
            .uid(HealthJobUids.SCAN)
            .name("space-time permutation scan");
    // alarms and scans on one keyed input: the rule versions take the other
    DataStream<HotspotSignal> toHotspots =
        surveillance
            .map(HotspotSignal::of)
            .returns(HotspotSignal.class)
            .uid(HealthJobUids.ALARM_SIGNALS)
            .name("alarms to hotspots")
            .union(
                scans
                    .map(HotspotSignal::of)
                    .returns(HotspotSignal.class)
                    .uid(HealthJobUids.SCAN_SIGNALS)
                    .name("scans to hotspots"));
    DataStream<RainRuleChange> hotspotRules =
        NoRuleChanges.orNone(ruleChanges, surveillance, HealthJobUids.NO_RULE_CHANGES);
    SingleOutputStreamOperator<Incident> hotspots =
        toHotspots
            .keyBy(HotspotSignal::disease)
            .connect(hotspotRules.broadcast(RuleVersions.RULES))
            .process(
                new HotspotFunction(
                    config, areas.adjacency(), rules.diseaseRuleId(), rules.diseaseVersion()))
            .uid(HealthJobUids.HOTSPOTS)
            .name("hotspots");
    DataStream<Rejected> rejected =
        placed
            .getSideOutput(CasePlacement.REJECTED)
            .union(deltas.getSideOutput(CaseDeduplication.DUPLICATES));
    DataStream<NeighbourhoodReports> residentReports = null;
    if (reports != null) {
      SingleOutputStreamOperator<PlacedReport> placedReports =
          reports
              .process(new PlaceReports(areas.zones()))
              .uid(HealthJobUids.PLACE_REPORTS)
              .name("place suspected-dengue reports");
      residentReports =
          placedReports
              .keyBy(PlacedReport::neighbourhood)
              .process(new SuspectedCaseReports(config.timeZone(), revised))
              .uid(HealthJobUids.RESIDENT_REPORTS)
              .name("residents' reports per neighbourhood and week");
      rejected = rejected.union(placedReports.getSideOutput(PlaceReports.REJECTED));
    }
    return new Outputs(
        hotspots,
        surveillance.getSideOutput(NeighbourhoodSurveillance.WEEKS),
        surveillance.getSideOutput(NeighbourhoodSurveillance.DAYS),
        scans,
        residentReports,
        rejected);
  }
}
