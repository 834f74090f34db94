package org.cityops.jobs.sinks.kafka;

import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.CitizenReport;
import org.cityops.events.ControlRecords;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.jobs.common.DetectionLatency;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.KafkaConnection;
import org.cityops.jobs.common.ParseJson;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;
import org.cityops.jobs.common.ParsedWatermarks;
import org.cityops.jobs.common.RejectionCounter;
import org.cityops.jobs.common.RuleChangeWatermarks;

/**
 * The Kafka ends the detection jobs share: the readings and residents' reports they read (parsed in
 * the source, watermarks from their own times, records that do not parse left to the job that
 * reports them once: the rain job), and the detections and rejections they write. Each call takes
 * the calling job's operator uids, so every job keeps its own and its savepoints. Broken rule
 * changes on {@code city.control} are likewise left to the rain job to report.
 */
public final class JobStreams {
  private JobStreams() {}

  /**
   * The parsed readings of {@code city.readings} of {@code kinds}, the others passed over in the
   * source without a full parse (see {@link KafkaIo#readingsSource(KafkaConnection, String,
   * boolean, Set)}); event time moves with the kept readings only.
   */
  public static DataStream<Reading> readings(
      StreamExecutionEnvironment env,
      JobBasics basics,
      String sourceUid,
      String validOnlyUid,
      Set<SensorKind> kinds) {
    return env.fromSource(
            KafkaIo.readingsSource(
                basics.kafka(), basics.consumerGroup(), basics.boundedInput(), kinds),
            ParsedWatermarks.<ParsedReading>live(basics.outOfOrderness(), basics.idleness()),
            Topics.READINGS)
        .uid(sourceUid)
        .filter(p -> p.reading() != null)
        .uid(validOnlyUid)
        .name("parsed readings only")
        .map(ParsedReading::reading)
        .returns(Reading.class)
        .name("reading");
  }

  /** The parsed residents' reports of {@code city.reports}. */
  public static DataStream<CitizenReport> reports(
      StreamExecutionEnvironment env, JobBasics basics, String sourceUid, String validOnlyUid) {
    return env.fromSource(
            KafkaIo.reportsSource(basics.kafka(), basics.consumerGroup(), basics.boundedInput()),
            ParsedWatermarks.<ParsedReport>live(basics.outOfOrderness(), basics.idleness()),
            Topics.REPORTS)
        .uid(sourceUid)
        .filter(p -> p.report() != null)
        .uid(validOnlyUid)
        .name("parsed reports only")
        .map(ParsedReport::report)
        .returns(CitizenReport.class)
        .name("report");
  }

  /**
   * The rule changes of {@code city.control} and the records that claim to be one but are broken.
   *
   * @param changes every job reading rules takes these
   * @param refused only the rain job publishes these, so each broken record is refused once
   */
  public record RuleChanges(DataStream<RainRuleChange> changes, DataStream<Rejected> refused) {}

  /**
   * The rule changes of {@code city.control} (operators' actions on the same topic are passed
   * over), pushed by engineers through the console while the jobs run. The input is idle for good
   * ({@link RuleChangeWatermarks}): a quiet topic (the usual case) neither holds the detectors'
   * event time back nor pushes it on; a version applies by its own effective time.
   */
  public static RuleChanges ruleChanges(
      StreamExecutionEnvironment env, JobBasics basics, String sourceUid, String parseUid) {
    ParseJson<RainRuleChange> parse =
        new ParseJson<>(EventJson::readRainRuleChange, "flink:" + Topics.CONTROL)
            .only(ControlRecords::isRuleChange);
    SingleOutputStreamOperator<RainRuleChange> changes =
        env.fromSource(
                KafkaIo.rawSource(
                    basics.kafka(), Topics.CONTROL, basics.consumerGroup(), basics.boundedInput()),
                RuleChangeWatermarks.strategy(),
                Topics.CONTROL)
            .uid(sourceUid)
            .process(parse)
            .returns(RainRuleChange.class)
            .uid(parseUid)
            .name("parse rule changes");
    return new RuleChanges(changes, changes.getSideOutput(parse.rejected()));
  }

  /** Detections to {@code city.detections}, their detection latency measured on the way. */
  public static void detections(
      DataStream<Incident> incidents, JobBasics basics, String latencyUid, String sinkUid) {
    incidents
        .map(new DetectionLatency())
        .uid(latencyUid)
        .name("detection latency")
        .sinkTo(KafkaIo.<Incident>jsonSink(basics.kafka(), Topics.DETECTIONS, Incident::incidentId))
        .uid(sinkUid)
        .name(Topics.DETECTIONS);
  }

  /**
   * A shadow run's incidents ({@link org.cityops.jobs.common.ShadowRuns}): to {@code
   * city.detections.shadow} and, with a store, its {@code shadow_incidents}; nowhere else.
   */
  public static void shadowDetections(
      DataStream<Incident> incidents, JobBasics basics, String sinkUid, String storeUid) {
    incidents
        .sinkTo(
            KafkaIo.<Incident>jsonSink(
                basics.kafka(), Topics.DETECTIONS_SHADOW, Incident::incidentId))
        .uid(sinkUid)
        .name(Topics.DETECTIONS_SHADOW);
    if (basics.influx() != null) {
      incidents
          .sinkTo(
              new org.cityops.jobs.sinks.influx.InfluxSink<>(
                  basics.influx(),
                  org.cityops.jobs.sinks.influx.Measurements.incidents(
                      org.cityops.jobs.sinks.influx.Measurements.SHADOW_INCIDENTS)))
          .uid(storeUid)
          .name("store shadow incidents");
    }
  }

  /** Rejections to {@code city.rejected}, counted by reason on the way. */
  public static void rejected(
      DataStream<Rejected> rejected, JobBasics basics, String counterUid, String sinkUid) {
    rejected
        .map(new RejectionCounter())
        .uid(counterUid)
        .name("count rejections")
        .sinkTo(KafkaIo.<Rejected>jsonSink(basics.kafka(), Topics.REJECTED, Rejected::source))
        .uid(sinkUid)
        .name(Topics.REJECTED);
  }
}
