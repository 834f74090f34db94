package org.cityops.jobs.traffic;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.Reading;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.sinks.kafka.JobStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the traffic job to Kafka ({@code city.readings}, {@code city.reports} and the rule changes
 * on {@code city.control} in; {@code city.detections} and {@code city.rejected} out) and, when
 * configured, to InfluxDB/QuestDB (measurement {@code traffic}); enables checkpointing. Records
 * that do not parse are left to the rain job, which reads the same topics and reports them once.
 *
 * <p>Settings ({@code --key value}): kafka.bootstrap-servers, kafka.group (cityops-traffic),
 * kafka.bounded, traffic.out-of-orderness, traffic.idleness, traffic.roads, traffic.detectors,
 * traffic.interval, traffic.max-pair-gap-m, traffic.california.*, traffic.congestion.*,
 * traffic.stuck-in-a-row, traffic.silent-after, traffic.rules-file (the city's rules file: its
 * traffic_incident, congestion and accident_reports rules replace their thresholds' settings),
 * traffic.shadow (a candidate rule set beside the live job: incidents to city.detections.shadow),
 * checkpoint.*, traffic.buffer-timeout, influx.*.
 */
public final class TrafficJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficJobMain.class);
  public static final String JOB_NAME = "cityops-traffic";

  private TrafficJobMain() {}

  /** Adds the job with its Kafka and store bindings to {@code env}. */
  public static void addTo(StreamExecutionEnvironment env, TrafficJobConfig config) {
    org.cityops.jobs.common.JobEnvironment.add(env, config.basics(), () -> wire(env, config));
  }

  private static void wire(StreamExecutionEnvironment env, TrafficJobConfig config) {
    JobBasics basics = config.basics();
    DataStream<Reading> readings =
        // every kind, not only its detectors' readings: the others' times move its event time on
        // when all its detectors fall silent at once, and silence is seen only in event time
        JobStreams.readings(
            env,
            basics,
            TrafficJobUids.SOURCE,
            TrafficJobUids.VALID_ONLY,
            java.util.EnumSet.allOf(org.cityops.events.SensorKind.class));
    DataStream<org.cityops.events.CitizenReport> reports =
        JobStreams.reports(
            env, basics, TrafficJobUids.REPORTS_SOURCE, TrafficJobUids.VALID_REPORTS_ONLY);
    // a shadow judges by its candidate rules only: the live job takes the rule pushes
    TrafficJob.Outputs out =
        TrafficJob.wire(
            readings,
            reports,
            config.roads(),
            config.layout(),
            config.traffic(),
            config.rules(),
            config.shadow()
                ? null
                : JobStreams.ruleChanges(
                        env, basics, TrafficJobUids.CONTROL_SOURCE, TrafficJobUids.PARSE_RULES)
                    .changes());
    if (config.shadow()) {
      // a candidate's incidents go where only engineers look; the live job publishes the
      // refusals of the same input and stores the levels
      JobStreams.shadowDetections(
          out.incidents(),
          basics,
          TrafficJobUids.SHADOW_INCIDENTS_SINK,
          TrafficJobUids.SHADOW_INCIDENTS_STORE);
      LOG.info(
          "Traffic job in SHADOW mode ({}): incidents to {} only",
          config.rules().describe(),
          org.cityops.events.Topics.DETECTIONS_SHADOW);
      return;
    }
    JobStreams.detections(
        out.incidents(), basics, TrafficJobUids.DETECTION_LATENCY, TrafficJobUids.INCIDENTS_SINK);
    JobStreams.rejected(
        out.rejected(), basics, TrafficJobUids.REJECTED_COUNTER, TrafficJobUids.REJECTED_SINK);
    if (basics.influx() != null) {
      TrafficJobStores.attach(out, basics.influx());
      LOG.info("Traffic job stores time series in {}", basics.influx().describe());
    }
    LOG.info(
        "Traffic job judges {} detectors in {} pairs, starting with rules {}",
        config.layout().sites().size(),
        config.layout().pairs().size(),
        config.rules().describe());
  }

  public static void main(String[] args) throws Exception {
    TrafficJobConfig config = TrafficJobConfig.from(Settings.fromArgs(args));
    org.cityops.jobs.common.JobLauncher.execute(JOB_NAME, env -> addTo(env, config));
  }
}
