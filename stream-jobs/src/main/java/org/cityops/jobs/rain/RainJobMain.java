package org.cityops.jobs.rain;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.sinks.kafka.JobStreams;
import org.cityops.jobs.sinks.kafka.KafkaIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the rain job to Kafka ({@code city.readings}, {@code city.reports} and the rule changes on
 * {@code city.control} in; {@code city.detections} and {@code city.rejected} out) and, when
 * configured, to InfluxDB/QuestDB; enables checkpointing.
 *
 * <p>Settings ({@code --key value}): kafka.bootstrap-servers, kafka.group, kafka.bounded,
 * rain.out-of-orderness, rain.idleness, rain.allowed-lateness, rain.moderate-mm, rain.strong-mm,
 * rain.very-strong-mm, rain.siren-1h-mm, rain.siren-24h-mm, rain.downgrade-hold, rain.clear-hold
 * (or all of these from rain.rules-file, a YAML rules file), checkpoint.*, rain.buffer-timeout, and
 * influx.url, influx.api (V1|V2), influx.database, influx.org, influx.token, influx.batch-size,
 * influx.flush-interval, influx.max-backoff.
 */
public final class RainJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(RainJobMain.class);
  public static final String JOB_NAME = "cityops-rain";

  private RainJobMain() {}

  /** Adds the job with its Kafka and store bindings to {@code env}. */
  public static void addTo(StreamExecutionEnvironment env, RainJobConfig config) {
    org.cityops.jobs.common.JobEnvironment.add(env, config.basics(), () -> wire(env, config));
  }

  private static void wire(StreamExecutionEnvironment env, RainJobConfig config) {
    DataStream<ParsedReading> parsed =
        env.fromSource(
                KafkaIo.readingsSource(
                    config.kafka(), config.consumerGroup(), config.boundedInput()),
                RainIncidentJob.watermarks(config),
                "city.readings")
            .uid(RainJobUids.SOURCE);
    DataStream<ParsedReport> reports =
        env.fromSource(
                KafkaIo.reportsSource(
                    config.kafka(), config.consumerGroup(), config.boundedInput()),
                RainIncidentJob.reportWatermarks(config),
                "city.reports")
            .uid(RainJobUids.REPORTS_SOURCE);
    if (config.shadow()) {
      // a candidate's incidents go where only engineers look; the live job publishes the
      // refusals of the same input and takes the rule pushes
      RainIncidentJob.Outputs out = RainIncidentJob.wire(parsed, reports, null, config);
      JobStreams.shadowDetections(
          out.incidents(),
          config.basics(),
          RainJobUids.SHADOW_INCIDENTS_SINK,
          RainJobUids.SHADOW_INCIDENTS_STORE);
      LOG.info(
          "Rain job in SHADOW mode ({}): incidents to {} only",
          config.startingRules(),
          Topics.DETECTIONS_SHADOW);
      return;
    }
    // the rule changes share city.control with operators' actions (the alerts job's), which this
    // job passes over; it is the one job that publishes the broken ones
    JobStreams.RuleChanges rules =
        JobStreams.ruleChanges(
            env, config.basics(), RainJobUids.CONTROL_SOURCE, RainJobUids.PARSE_RULES);
    RainIncidentJob.Outputs out = RainIncidentJob.wire(parsed, reports, rules.changes(), config);
    JobStreams.detections(
        out.incidents(),
        config.basics(),
        RainJobUids.DETECTION_LATENCY,
        RainJobUids.INCIDENTS_SINK);
    JobStreams.rejected(
        out.rejected().union(rules.refused()),
        config.basics(),
        RainJobUids.REJECTED_COUNTER,
        RainJobUids.REJECTED_SINK);
    if (config.influx() != null) {
      RainJobStores.attach(out, config.influx());
      LOG.info("Rain job stores time series in {}", config.influx().describe());
    }
  }

  public static void main(String[] args) throws Exception {
    RainJobConfig config = RainJobConfig.from(Settings.fromArgs(args));
    org.cityops.jobs.common.JobLauncher.execute(JOB_NAME, env -> addTo(env, config));
  }
}
