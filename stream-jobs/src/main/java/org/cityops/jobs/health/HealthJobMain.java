package org.cityops.jobs.health;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.ParsedWatermarks;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.sinks.kafka.JobStreams;
import org.cityops.jobs.sinks.kafka.KafkaIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the health job to Kafka ({@code city.cases} and, for temperatures, {@code city.readings}
 * in; hotspots to {@code city.detections}, refused notifications to {@code city.rejected}) and,
 * when configured, to InfluxDB/QuestDB ({@code health_weeks}, {@code health_days}, {@code
 * health_scans}); enables checkpointing. Readings that do not parse are left to the rain job, which
 * reads the same topic and reports them once.
 *
 * <p>Residents' reports of suspected dengue ({@code city.reports}) are counted per neighbourhood
 * and week, apart. New versions of the disease-hotspot rule (the dengue levels) come from {@code
 * city.control}; a malformed one is left to the rain job to report.
 *
 * <p>Settings ({@code --key value}): kafka.bootstrap-servers, kafka.group (cityops-health),
 * kafka.bounded, health.neighbourhoods, health.id-property, health.name-property,
 * health.populations, health.default-population, health.history-weeks, health.revised-weeks,
 * health.time-zone, health.ears.*, health.levels.*, health.rt.*, health.scan.*, health.hotspots.*,
 * health.rules-file (the city's rules file: its disease_hotspot rule replaces the levels'
 * thresholds), health.shadow (a candidate rule set beside the live job: hotspots to
 * city.detections.shadow), checkpoint.*, health.buffer-timeout, influx.*.
 */
public final class HealthJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(HealthJobMain.class);
  public static final String JOB_NAME = "cityops-health";

  private HealthJobMain() {}

  /** Adds the job with its Kafka and store bindings to {@code env}. */
  public static void addTo(StreamExecutionEnvironment env, HealthJobConfig config) {
    org.cityops.jobs.common.JobEnvironment.add(env, config.basics(), () -> wire(env, config));
  }

  private static void wire(StreamExecutionEnvironment env, HealthJobConfig config) {
    JobBasics basics = config.basics();
    var parsed =
        env.fromSource(
                KafkaIo.casesSource(basics.kafka(), basics.consumerGroup(), basics.boundedInput()),
                ParsedWatermarks.<ParsedCase>held(basics.outOfOrderness(), basics.idleness()),
                Topics.CASES)
            .uid(HealthJobUids.CASES_SOURCE);
    DataStream<CaseRecord> cases =
        parsed
            .filter(p -> p.notification() != null)
            .uid(HealthJobUids.VALID_CASES_ONLY)
            .name("parsed notifications only")
            .map(ParsedCase::notification)
            .returns(CaseRecord.class)
            .name("notification");
    DataStream<Rejected> unparsed =
        parsed
            .filter(p -> p.rejected() != null)
            .uid(HealthJobUids.UNPARSED_CASES)
            .name("unparsed notifications")
            .map(ParsedCase::rejected)
            .returns(Rejected.class)
            .name("rejected notification");
    DataStream<Reading> readings =
        JobStreams.readings(
            env,
            basics,
            HealthJobUids.READINGS_SOURCE,
            HealthJobUids.VALID_READINGS_ONLY,
            java.util.EnumSet.of(org.cityops.events.SensorKind.WEATHER));
    DataStream<org.cityops.events.CitizenReport> reports =
        JobStreams.reports(
            env, basics, HealthJobUids.REPORTS_SOURCE, HealthJobUids.VALID_REPORTS_ONLY);
    // a shadow judges by its candidate rules only: the live job takes the rule pushes
    HealthJob.Outputs out =
        HealthJob.wire(
            cases,
            readings,
            reports,
            config.areas(),
            config.health(),
            config.rules(),
            config.shadow()
                ? null
                : JobStreams.ruleChanges(
                        env, basics, HealthJobUids.CONTROL_SOURCE, HealthJobUids.PARSE_RULES)
                    .changes());
    if (config.shadow()) {
      // a candidate's hotspots go where only engineers look; the live job publishes the refusals
      // of the same input and stores the series
      JobStreams.shadowDetections(
          out.incidents(),
          basics,
          HealthJobUids.SHADOW_INCIDENTS_SINK,
          HealthJobUids.SHADOW_INCIDENTS_STORE);
      LOG.info(
          "Health job in SHADOW mode ({} v{}): hotspots to {} only",
          config.rules().diseaseRuleId(),
          config.rules().diseaseVersion(),
          Topics.DETECTIONS_SHADOW);
      return;
    }
    JobStreams.detections(
        out.incidents(), basics, HealthJobUids.DETECTION_LATENCY, HealthJobUids.INCIDENTS_SINK);
    JobStreams.rejected(
        out.rejected().union(unparsed),
        basics,
        HealthJobUids.REJECTED_COUNTER,
        HealthJobUids.REJECTED_SINK);
    if (basics.influx() != null) {
      HealthJobStores.attach(out, basics.influx(), config.health().timeZone());
      LOG.info("Health job stores time series in {}", basics.influx().describe());
    }
    LOG.info(
        "Health job watches {} neighbourhoods ({} with a population from the file), starting with"
            + " rule {} v{} (disease_hotspot)",
        config.areas().zones().zones().size(),
        config.areas().populations().size(),
        config.rules().diseaseRuleId(),
        config.rules().diseaseVersion());
  }

  public static void main(String[] args) throws Exception {
    HealthJobConfig config = HealthJobConfig.from(Settings.fromArgs(args));
    org.cityops.jobs.common.JobLauncher.execute(JOB_NAME, env -> addTo(env, config));
  }
}
