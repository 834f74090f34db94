package org.cityops.jobs.rain;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;

/**
 * The rain job's wiring: raw {@code city.readings} records in; parsed readings, hourly sums per
 * gauge, heavy-rain incidents and rejections out. Sources and sinks are bound by the caller ({@link
 * RainJobMain} binds Kafka and InfluxDB; tests bind finite inputs), so the same topology runs in
 * production and in tests.
 */
public final class RainIncidentJob {
  private RainIncidentJob() {}

  /** The job's output streams. */
  public record Outputs(
      DataStream<Reading> readings,
      DataStream<HourlyRain> hourlyRain,
      DataStream<Incident> incidents,
      DataStream<Rejected> rejected) {}

  public static Outputs wire(DataStream<byte[]> rawReadings, RainJobConfig config) {
    SingleOutputStreamOperator<Reading> parsed =
        rawReadings
            .process(new ParseReadingFunction())
            .uid(RainJobUids.PARSE)
            .name("parse readings");

    // Watermarks follow the readings' own times; a quiet partition does not hold the others back.
    DataStream<Reading> readings =
        parsed
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(config.outOfOrderness())
                    .withTimestampAssigner((r, ts) -> r.time().toEpochMilli())
                    .withIdleness(config.idleness()))
            .uid(RainJobUids.WATERMARKS)
            .name("event-time watermarks");

    SingleOutputStreamOperator<HourlyRain> hourly =
        readings
            .filter(r -> r.kind() == SensorKind.RAIN_GAUGE)
            .name("rain gauges only")
            .keyBy(Reading::sensorId)
            .process(new RollingRainSumFunction(config.allowedLateness()))
            .uid(RainJobUids.HOURLY_SUMS)
            .name("hourly rain per gauge");

    DataStream<Incident> incidents =
        hourly
            .keyBy(HourlyRain::gaugeId)
            .process(new HeavyRainIncidentFunction(config.thresholds()))
            .uid(RainJobUids.HEAVY_RAIN_INCIDENTS)
            .name("heavy-rain incidents");

    DataStream<Rejected> rejected =
        parsed
            .getSideOutput(ParseReadingFunction.REJECTED)
            .union(hourly.getSideOutput(RollingRainSumFunction.LATE));
    return new Outputs(readings, hourly, incidents, rejected);
  }
}
