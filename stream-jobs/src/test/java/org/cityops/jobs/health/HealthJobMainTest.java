package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.id;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedData;
import org.cityops.embedded.SharedServers;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.Test;

/**
 * The health job as deployed ({@link HealthJobMain}: Kafka in and out) on a MiniCluster at
 * parallelism 2 over a real Kafka broker: three weeks of twenty cases a week in Copacabana (an
 * epidemic incidence for its 40,000 people) make a hotspot on {@code city.detections}; malformed,
 * negative, misplaced, duplicate and future notifications land on {@code city.rejected}, each with
 * its reason, and none of them is counted.
 */
class HealthJobMainTest {
  private static final LocalDate FIRST = LocalDate.parse("2024-02-04");

  @Test
  void casesFromKafkaMakeAHotspotAndBadNotificationsAreRejectedWithTheirReason(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(
        2,
        List.of(
            Topics.CASES,
            Topics.READINGS,
            Topics.REPORTS,
            Topics.DETECTIONS,
            Topics.REJECTED,
            Topics.CONTROL,
            Topics.DETECTIONS_SHADOW));
    String copacabana = id("Copacabana");
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      int n = 0;
      for (int week = 0; week < 3; week++) {
        for (int i = 0; i < 20; i++) {
          LocalDate onset = FIRST.plusWeeks(week).plusDays(i % 6);
          CaseNotification c =
              CaseNotification.suspected(
                  "hj-" + (++n),
                  Disease.DENGUE,
                  onset,
                  HealthFixtures.noon(onset.plusDays(1)),
                  copacabana);
          // all on one partition: with two, a reader that starts late under load finds the other
          // one's watermark ahead, and half a week's notifications arrive late (the job revises the
          // week, as designed, but the first hotspot version would show 10 cases, not 20)
          // each send waited for: a notification lost on its way would fail the test later,
          // and far from its cause
          producer.send(new ProducerRecord<>(Topics.CASES, "cases", EventJson.write(c))).get();
          if (n == 7) {
            // the same notification delivered twice
            producer.send(new ProducerRecord<>(Topics.CASES, "cases", EventJson.write(c))).get();
          }
        }
      }
      String valid =
          new String(
              EventJson.write(
                  CaseNotification.suspected(
                      "bad-x",
                      Disease.DENGUE,
                      FIRST,
                      HealthFixtures.noon(FIRST.plusDays(1)),
                      copacabana)),
              StandardCharsets.UTF_8);
      for (String bad :
          List.of(
              "{\"notificationId\": not json",
              valid.replace("bad-x", "bad-negative").replace("\"cases\":1", "\"cases\":-4"),
              valid.replace("bad-x", "bad-place").replace("\"" + copacabana + "\"", "\"99999\""),
              valid.replace("bad-x", "bad-future").replace("2024-02-05T", "3024-02-05T"))) {
        producer
            .send(new ProducerRecord<>(Topics.CASES, "bad", bad.getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      // a version of the dengue levels pushed (as the console writes it), in force from the start:
      // the same thresholds as the job's, so the hotspot is the same, named by the version
      producer
          .send(
              new ProducerRecord<>(
                  Topics.CONTROL,
                  "dengue",
                  EventJson.write(
                      RainRuleChange.diseaseHotspot(
                          "dengue",
                          7,
                          FIRST.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                          "eng",
                          java.time.Instant.now(),
                          new RainRuleChange.DiseaseLevels(22.0, 8.28, 21.6, 0.95, 5)))))
          .get();
    }

    HealthJobConfig config =
        HealthJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.group", "health-main-test",
                    "kafka.bounded", "true",
                    "checkpoint.interval", "1s",
                    "health.neighbourhoods",
                        SharedData.data("rio/neighbourhoods.geojson").toString(),
                    "health.scan.replicas", "99")));
    Configuration c = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(c); // as the jobs run
    c.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
    env.setParallelism(2);
    HealthJobMain.addTo(env, config);
    env.execute("health-main-test");

    List<Incident> hotspots =
        read(kafka, Topics.DETECTIONS).stream()
            .map(EventJson::readIncident)
            .filter(i -> i.type() == IncidentType.DISEASE_HOTSPOT)
            .toList();
    assertThat(hotspots).isNotEmpty();
    Incident first = hotspots.get(0);
    assertThat(first.incidentId()).startsWith("disease_hotspot:dengue:" + copacabana + ":");
    assertThat(first.area().zone()).isEqualTo("Copacabana");
    assertThat(first.area().outline()).isNotEmpty();
    assertThat(hotspots)
        .allSatisfy(i -> assertThat(RuleVersions.judgedBy(i)).contains("dengue v7"));
    assertThat(first.evidence())
        .filteredOn(e -> e.signal().equals("cases_week"))
        .extracting(e -> e.value())
        .containsOnly(20.0);

    // a candidate rule set in shadow over the same notifications: its hotspots are named by the
    // candidate and go to the shadow topic only; it takes no pushed version (v7)
    java.nio.file.Path candidate = dir.resolve("candidate.yaml");
    java.nio.file.Files.writeString(
        candidate,
        """
        rules:
          - {id: heavy-rain, version: 1, detector: heavy_rain, moderate-mm: 5, strong-mm: 25.1, very-strong-mm: 50}
          - {id: siren-level, version: 1, detector: siren_level, hour-mm: 40, day-mm: 125}
          - id: dengue-candidate
            version: 3
            detector: disease_hotspot
            warm-above-c: 22
            pre-epidemic-per-100k: 8.28
            epidemic-per-100k: 21.6
            growth-probability: 0.95
            min-cases-red: 5
        """);
    HealthJobConfig shadowConfig =
        HealthJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.bounded", "true",
                    "checkpoint.interval", "1s",
                    "health.shadow", "true",
                    "health.rules-file", candidate.toString(),
                    "health.neighbourhoods",
                        SharedData.data("rio/neighbourhoods.geojson").toString(),
                    "health.scan.replicas", "99")));
    assertThat(shadowConfig.basics().consumerGroup()).isEqualTo("cityops-health-shadow");
    StreamExecutionEnvironment shadowEnv = StreamExecutionEnvironment.getExecutionEnvironment(c);
    shadowEnv.setParallelism(2);
    HealthJobMain.addTo(shadowEnv, shadowConfig);
    shadowEnv.execute("health-main-test-shadow");
    List<Incident> shadowHotspots =
        read(kafka, Topics.DETECTIONS_SHADOW).stream()
            .map(EventJson::readIncident)
            .filter(i -> i.type() == IncidentType.DISEASE_HOTSPOT)
            .toList();
    assertThat(shadowHotspots)
        .isNotEmpty()
        .allSatisfy(i -> assertThat(RuleVersions.judgedBy(i)).contains("dengue-candidate v3"));
    assertThat(
            read(kafka, Topics.DETECTIONS).stream()
                .map(EventJson::readIncident)
                .filter(i -> i.type() == IncidentType.DISEASE_HOTSPOT))
        .as("the candidate's hotspots reach no operator")
        .hasSameSizeAs(hotspots)
        .noneMatch(i -> RuleVersions.judgedBy(i).orElse("").startsWith("dengue-candidate"));

    Map<String, RejectReason> rejected =
        read(kafka, Topics.REJECTED).stream()
            .map(EventJson::readRejected)
            .filter(r -> r.source().contains("city.cases"))
            .collect(
                Collectors.toMap(
                    r -> r.source() + " " + r.reason(), Rejected::reason, (a, b) -> a));
    Set<RejectReason> reasons = Set.copyOf(rejected.values());
    assertThat(reasons)
        .contains(
            RejectReason.MALFORMED,
            RejectReason.OUT_OF_RANGE,
            RejectReason.UNKNOWN_AREA,
            RejectReason.DUPLICATE,
            RejectReason.FUTURE_TIME);
  }

  private static List<byte[]> read(EmbeddedKafkaBroker kafka, String topic) {
    List<byte[]> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<byte[], byte[]>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "health-main-test-reader-" + topic + "-" + java.util.UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int empty = 0;
      while (System.nanoTime() < deadline && empty < 3) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty() && !out.isEmpty()) {
          empty++;
        }
        records.forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }
}
