package org.cityops.jobs.rain;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.CitizenReport;
import org.cityops.events.Incident;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;
import org.cityops.jobs.common.ParsedWatermarks;
import org.cityops.jobs.common.SplitParsedFunction;
import org.cityops.jobs.common.SplitParsedReportFunction;
import org.cityops.jobs.flooding.CellSignal;
import org.cityops.jobs.flooding.FloodReportsToCells;
import org.cityops.jobs.flooding.RainFalling;
import org.cityops.jobs.flooding.RainForReportedCells;
import org.cityops.jobs.flooding.RainRegionSignal;
import org.cityops.jobs.flooding.ReportedCellsToRegions;
import org.cityops.jobs.flooding.StrongRainToRegions;
import org.cityops.jobs.flooding.UrbanFloodingFunction;
import org.cityops.jobs.landslide.GaugeStatus;
import org.cityops.jobs.landslide.LandslideRiskFunction;
import org.cityops.jobs.landslide.RainZones;
import org.cityops.jobs.landslide.ZoneOfGaugeHealth;
import org.cityops.jobs.landslide.ZoneOfRainSums;
import org.cityops.jobs.landslide.ZoneRisk;
import org.cityops.jobs.landslide.ZoneSignal;
import org.cityops.jobs.landslide.ZonedRain;
import org.cityops.jobs.water.WaterLevelFunction;

/**
 * The rain job's wiring: parsed {@code city.readings} records in; parsed readings, hourly sums per
 * gauge, rain, gauge-health and landslide incidents, each rain zone's landslide level, and
 * rejections out. Sources and sinks are bound by the caller ({@link RainJobMain} binds Kafka and
 * InfluxDB; tests bind finite inputs), so the same topology runs in production and in tests.
 */
public final class RainIncidentJob {
  private RainIncidentJob() {}

  /** The job's output streams. */
  public record Outputs(
      DataStream<Reading> readings,
      DataStream<RainSums> rainSums,
      DataStream<Incident> incidents,
      DataStream<ZoneRisk> zoneRisks,
      DataStream<Rejected> rejected) {}

  /**
   * Watermarks from the readings' own times, bounded out-of-orderness; a partition whose readings
   * pause follows the clock up to its newest reading (so the last marks are judged without waiting
   * for the next), then goes idle so it does not hold the others back. Applied at the source, so
   * per Kafka partition: {@link ParsedWatermarks}.
   */
  public static WatermarkStrategy<ParsedReading> watermarks(RainJobConfig config) {
    return ParsedWatermarks.live(config.outOfOrderness(), config.idleness());
  }

  /**
   * The same for residents' reports: their own times, the same bounds (reports come through the
   * same bridge, with the same delays).
   */
  public static WatermarkStrategy<ParsedReport> reportWatermarks(RainJobConfig config) {
    return ParsedWatermarks.live(config.outOfOrderness(), config.idleness());
  }

  /**
   * Wires the job on parsed records that already carry timestamps and {@link #watermarks}.
   *
   * @param parsedReports residents' reports with {@link #reportWatermarks}, or null when there are
   *     none (a backtest of gauge data): then no urban-flooding incidents
   */
  public static Outputs wire(
      DataStream<ParsedReading> parsedRecords,
      DataStream<ParsedReport> parsedReports,
      RainJobConfig config) {
    return wire(parsedRecords, parsedReports, null, config);
  }

  /**
   * As {@link #wire(DataStream, DataStream, RainJobConfig)}, with new versions of the rain rules
   * pushed at run time ({@code city.control}), or null when there are none.
   */
  public static Outputs wire(
      DataStream<ParsedReading> parsedRecords,
      DataStream<ParsedReport> parsedReports,
      DataStream<RainRuleChange> ruleChanges,
      RainJobConfig config) {
    BroadcastStream<RainRuleChange> rules =
        org.cityops.jobs.common.NoRuleChanges.orNone(
                ruleChanges, parsedRecords, RainJobUids.NO_RULE_CHANGES)
            .broadcast(RuleVersions.RULES);
    SingleOutputStreamOperator<Reading> readings =
        parsedRecords
            .process(new SplitParsedFunction())
            .uid(RainJobUids.SPLIT)
            .name("split off rejected");

    // One hash exchange for both per-gauge functions: the readings cross to the gauge's subtask
    // once, and the rolling sums and gauge health take them there in the same task (forward,
    // chained: no second serialisation per reading). Their uids and state are as before.
    DataStream<Reading> gaugeReadings =
        readings
            .filter(r -> r.kind() == SensorKind.RAIN_GAUGE)
            .name("rain gauges only")
            .keyBy(Reading::sensorId)
            .map(r -> r)
            .returns(Reading.class)
            .uid(RainJobUids.GAUGE_READINGS)
            .name("rain readings at their gauge's subtask");
    SingleOutputStreamOperator<RainSums> sums =
        keyedByGauge(gaugeReadings)
            .process(new RollingRainSumFunction(config.allowedLateness(), config.readingInterval()))
            .uid(RainJobUids.ROLLING_SUMS)
            .name("rolling rain sums per gauge");

    // The sums leave the rolling-sum operator in the subtask that owns their gauge, so they are
    // keyed by gauge already: declaring it (instead of keyBy) passes each sum to the rain-level
    // detectors of the same subtask, with no hash partitioning. (They take the rule broadcast as a
    // second input, so Flink does not chain them: the hand-over between tasks remains.)
    KeyedStream<RainSums, String> byGauge =
        DataStreamUtils.reinterpretAsKeyedStream(sums, RainSums::gaugeId, Types.STRING);
    StartingRules start = config.startingRules();
    DataStream<Incident> heavyRain =
        byGauge
            .connect(rules)
            .process(
                new RainLevelIncidentFunction(
                    RainLevelRule.heavyRain(config.thresholds()),
                    start.heavyRainId(),
                    start.heavyRainVersion(),
                    config.thresholds()))
            .uid(RainJobUids.HEAVY_RAIN_INCIDENTS)
            .name("heavy-rain incidents");
    DataStream<Incident> sirenLevel =
        byGauge
            .connect(rules)
            .process(
                new RainLevelIncidentFunction(
                    RainLevelRule.sirenLevel(config.thresholds()),
                    start.sirenLevelId(),
                    start.sirenLevelVersion(),
                    config.thresholds()))
            .uid(RainJobUids.SIREN_INCIDENTS)
            .name("siren-level incidents");

    DataStream<Incident> gaugeHealth =
        keyedByGauge(gaugeReadings)
            .process(new GaugeHealthFunction(config.silentAfter(), config.missingInARow()))
            .uid(RainJobUids.GAUGE_HEALTH)
            .name("gauge health");

    DataStream<Incident> floodRisk =
        readings
            .filter(r -> r.kind() == SensorKind.WATER_LEVEL)
            .name("water levels only")
            .keyBy(Reading::sensorId)
            .connect(rules)
            .process(
                new WaterLevelFunction(
                    config.water(), start.waterLevelId(), start.waterLevelVersion()))
            .uid(RainJobUids.FLOOD_RISK)
            .name("flood risk per water-level station");

    RainZones zones = config.zones();
    DataStream<ZonedRain> zonedRain =
        sums.map(new ZoneOfRainSums(zones)).uid(RainJobUids.ZONE_OF_SUMS).name("rain zone of sums");
    DataStream<GaugeStatus> gaugeStatus =
        gaugeHealth
            .flatMap(new ZoneOfGaugeHealth(zones))
            .uid(RainJobUids.ZONE_OF_GAUGE_HEALTH)
            .name("rain zone of gauge health");
    // one keyed input (sums and gauge statuses of the zone), so the rules can be the second
    SingleOutputStreamOperator<Incident> landslide =
        zonedRain
            .map(ZoneSignal::of)
            .returns(ZoneSignal.class)
            .uid(RainJobUids.ZONE_SIGNAL_OF_SUMS)
            .name("zone signal of sums")
            .union(
                gaugeStatus
                    .map(ZoneSignal::of)
                    .returns(ZoneSignal.class)
                    .uid(RainJobUids.ZONE_SIGNAL_OF_GAUGE_HEALTH)
                    .name("zone signal of gauge health"))
            .keyBy(ZoneSignal::zoneId)
            .connect(rules)
            .process(
                new LandslideRiskFunction(
                    config.landslide(), start.landslideRiskId(), start.landslideRiskVersion()))
            .uid(RainJobUids.LANDSLIDE_RISK)
            .name("landslide risk per rain zone");

    DataStream<Rejected> rejected =
        readings
            .getSideOutput(SplitParsedFunction.REJECTED)
            .union(sums.getSideOutput(RollingRainSumFunction.REJECTED));
    DataStream<Incident> incidents = heavyRain.union(sirenLevel, gaugeHealth, landslide, floodRisk);
    if (parsedReports != null) {
      SingleOutputStreamOperator<CitizenReport> reports =
          parsedReports
              .process(new SplitParsedReportFunction())
              .uid(RainJobUids.SPLIT_REPORTS)
              .name("split off rejected reports");
      DataStream<CellSignal> reportCells =
          reports
              .flatMap(new FloodReportsToCells(config.flooding()))
              .uid(RainJobUids.REPORT_CELLS)
              .name("flood reports to grid cells");
      // strong rain waits per region for the cells that hear reports, instead of going to every
      // cell of its gauge's reach (169 records per strong sum with the defaults)
      DataStream<RainRegionSignal> rainRegions =
          sums.filter(new RainFalling())
              .uid(RainJobUids.RAIN_FALLING)
              .name("sums with rain only")
              .connect(rules)
              .process(new StrongRainToRegions(config.flooding(), start.urbanFloodingVersion()))
              .uid(RainJobUids.RAIN_CELLS)
              .name("strong rain to rain regions");
      DataStream<RainRegionSignal> reportedCells =
          reportCells
              .map(new ReportedCellsToRegions(config.flooding()))
              .uid(RainJobUids.REPORTED_CELLS_TO_REGIONS)
              .name("reported cells to rain regions");
      DataStream<CellSignal> rainCells =
          rainRegions
              .union(reportedCells)
              .keyBy(RainRegionSignal::region)
              .process(new RainForReportedCells(config.flooding()))
              .uid(RainJobUids.RAIN_FOR_REPORTED_CELLS)
              .name("strong rain to reported cells");
      DataStream<Incident> flooding =
          reportCells
              .union(rainCells)
              .keyBy(CellSignal::cell)
              .connect(rules)
              .process(
                  new UrbanFloodingFunction(
                      config.flooding(), start.urbanFloodingId(), start.urbanFloodingVersion()))
              .uid(RainJobUids.URBAN_FLOODING)
              .name("urban flooding from reports");
      incidents = incidents.union(flooding);
      rejected = rejected.union(reports.getSideOutput(SplitParsedReportFunction.REJECTED));
    }
    return new Outputs(
        readings,
        sums,
        incidents,
        landslide.getSideOutput(LandslideRiskFunction.ZONE_RISK),
        rejected);
  }

  /** Readings already in their gauge's subtask, declared keyed by gauge (no new exchange). */
  private static KeyedStream<Reading, String> keyedByGauge(DataStream<Reading> gaugeReadings) {
    return DataStreamUtils.reinterpretAsKeyedStream(gaugeReadings, Reading::sensorId, Types.STRING);
  }
}
