package org.cityops.jobs.traffic;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.DetectionLatency;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.RejectionCounter;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.sinks.kafka.KafkaIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the traffic job to Kafka ({@code city.readings} in; {@code city.detections} and {@code
 * city.rejected} out) and, when configured, to InfluxDB/QuestDB (measurement {@code traffic});
 * enables checkpointing. Records that do not parse are left to the rain job, which reads the same
 * topic and reports them once.
 *
 * <p>Settings ({@code --key value}): kafka.bootstrap-servers, kafka.group (cityops-traffic),
 * kafka.bounded, traffic.out-of-orderness, traffic.idleness, traffic.roads, traffic.detectors,
 * traffic.interval, traffic.max-pair-gap-m, traffic.california.*, traffic.congestion.*,
 * traffic.stuck-in-a-row, traffic.silent-after, checkpoint.interval, influx.*.
 */
public final class TrafficJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficJobMain.class);
  public static final String JOB_NAME = "cityops-traffic";

  private TrafficJobMain() {}

  /** Adds the job with its Kafka and store bindings to {@code env}. */
  public static void addTo(StreamExecutionEnvironment env, TrafficJobConfig config) {
    JobBasics basics = config.basics();
    env.enableCheckpointing(basics.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    DataStream<Reading> readings =
        env.fromSource(
                KafkaIo.readingsSource(
                    basics.kafka(), basics.consumerGroup(), basics.boundedInput()),
                WatermarkStrategy.<ParsedReading>forBoundedOutOfOrderness(basics.outOfOrderness())
                    .withTimestampAssigner((p, ts) -> p.eventTimeMillis(ts))
                    .withIdleness(basics.idleness()),
                "city.readings")
            .uid(TrafficJobUids.SOURCE)
            .filter(p -> p.reading() != null)
            .uid(TrafficJobUids.VALID_ONLY)
            .name("parsed readings only")
            .map(ParsedReading::reading)
            .returns(Reading.class)
            .name("reading");
    DataStream<org.cityops.events.CitizenReport> reports =
        env.fromSource(
                KafkaIo.reportsSource(
                    basics.kafka(), basics.consumerGroup(), basics.boundedInput()),
                WatermarkStrategy.<org.cityops.jobs.common.ParsedReport>forBoundedOutOfOrderness(
                        basics.outOfOrderness())
                    .withTimestampAssigner((p, ts) -> p.eventTimeMillis(ts))
                    .withIdleness(basics.idleness()),
                "city.reports")
            .uid(TrafficJobUids.REPORTS_SOURCE)
            .filter(p -> p.report() != null)
            .uid(TrafficJobUids.VALID_REPORTS_ONLY)
            .name("parsed reports only")
            .map(org.cityops.jobs.common.ParsedReport::report)
            .returns(org.cityops.events.CitizenReport.class)
            .name("report");
    TrafficJob.Outputs out =
        TrafficJob.wire(readings, reports, config.roads(), config.layout(), config.traffic());
    out.incidents()
        .map(new DetectionLatency())
        .uid(TrafficJobUids.DETECTION_LATENCY)
        .name("detection latency")
        .sinkTo(KafkaIo.<Incident>jsonSink(basics.kafka(), Topics.DETECTIONS, Incident::incidentId))
        .uid(TrafficJobUids.INCIDENTS_SINK)
        .name(Topics.DETECTIONS);
    out.rejected()
        .map(new RejectionCounter())
        .uid(TrafficJobUids.REJECTED_COUNTER)
        .name("count rejections")
        .sinkTo(KafkaIo.<Rejected>jsonSink(basics.kafka(), Topics.REJECTED, Rejected::source))
        .uid(TrafficJobUids.REJECTED_SINK)
        .name(Topics.REJECTED);
    if (basics.influx() != null) {
      TrafficJobStores.attach(out, basics.influx());
      LOG.info("Traffic job stores time series in {}", basics.influx().describe());
    }
    LOG.info(
        "Traffic job judges {} detectors in {} pairs",
        config.layout().sites().size(),
        config.layout().pairs().size());
  }

  public static void main(String[] args) throws Exception {
    TrafficJobConfig config = TrafficJobConfig.from(Settings.fromArgs(args));
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    addTo(env, config);
    env.execute(JOB_NAME);
  }
}
