package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.ConsoleServer;
import org.cityops.console.Publisher;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.TopicReader;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.Settings;
import org.cityops.rules.CityRuleSet;
import org.cityops.rules.RulePush;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule changes pushed to the running rain and traffic jobs, as an engineer would with {@code
 * cityops-rules push}, through the real console onto {@code city.control}: no job is restarted, and
 * each new version judges from its effective event time on, not from when it arrived; each job
 * takes its own detectors' rules from the one push. The jobs read their own Kafka (no other test's
 * readings).
 *
 * <p>One gauge, 22 mm every hour for five hours: never heavy under Alerta Rio's classes (strong
 * from 25.1 mm), strong under version 2 of the heavy-rain rule (strong from 20 mm), which is pushed
 * while the job runs, after the first hour was judged and before the rest is sent, in force from
 * the third hour. The incident must open at the third hour, judged by version 2, although the
 * version was known to the job from the second hour on. The same push carries version 2 of the
 * landslide rule (high from 60 mm in 24 h instead of 100): the gauge's zone, medium since 12:30,
 * must turn high at 14:45 (60.5 mm in 24 h), not at 16:45 as under the starting levels. And version
 * 2 of the water-level rule (attention from 1.2 m instead of 2.5): a river station steady at 1.5 m
 * must open a flood-risk incident at the third hour, judged by it. For the traffic job, version 2
 * of the congestion rule (congested below 0.7 of free flow instead of 0.5): a detector steady at
 * 0.6 of its free-flow speed is slow until the third hour, then congested, and its incident opens
 * once three readings in a row were (the third hour's third reading), judged by version 2.
 */
class CityRulesAtRunTimeTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
  private static final GeoPoint GAUGE = new GeoPoint(-22.93, -43.22);
  private static final String RULES =
      """
      rules:
        - id: heavy-rain
          version: 2
          detector: heavy_rain
          moderate-mm: 4
          strong-mm: 20
          very-strong-mm: 40
        - id: siren-level
          version: 1
          detector: siren_level
          hour-mm: 40
          day-mm: 125
        - id: landslide-risk
          version: 2
          detector: landslide_risk
          medium: {1h-mm: 10, 24h-mm: 50, 96h-mm: 100}
          high: {1h-mm: 30, 24h-mm: 60, 96h-mm: 175}
          very-high: {1h-mm: 50, 24h-mm: 175, 96h-mm: 250}
        - id: water-level
          version: 2
          detector: water_level
          attention-m: 1.2
          alert-m: 2.5
          flood-m: 3.5
          rise-m: 0.5
        - id: congestion
          version: 2
          detector: congestion
          slow-below: 0.9
          congested-below: 0.7
          standstill-below: 0.4
      """;

  /** The traffic detector whose congestion is judged: the demo city's first, by id. */
  private static final org.cityops.roads.DetectorSite DETECTOR =
      org.cityops.jobs.traffic.TrafficJobConfig.from(new Settings(Map.of()))
          .layout()
          .sites()
          .values()
          .stream()
          .min(java.util.Comparator.comparing(org.cityops.roads.DetectorSite::id))
          .orElseThrow();

  /**
   * 5.5 mm every 15 minutes: 22 mm in each hour; and a river station nearby steady at 1.5 m, read
   * at the same times.
   */
  private static List<Reading> rain(int fromQuarter, int toQuarter) {
    List<Reading> out = new ArrayList<>();
    for (int q = fromQuarter; q < toQuarter; q++) {
      Instant at = T0.plus(Duration.ofMinutes(15L * q));
      out.add(Reading.rain("gauge-rules", at, GAUGE, 5.5));
      out.add(Reading.waterLevel("river-rules", at, GAUGE, 1.5));
      for (int m = 0; m < 15; m += 5) {
        // every 5 minutes at 0.6 of free flow, counts varying (identical ones would be stuck)
        out.add(
            Reading.trafficLoop(
                DETECTOR.id(),
                at.plus(Duration.ofMinutes(m)),
                DETECTOR.location(),
                0.6 * DETECTOR.freeFlowKmh(),
                60.0 + m,
                25.0));
      }
    }
    return out;
  }

  @Test
  void aVersionPushedWhileTheJobRunsJudgesFromItsEffectiveTimeOn() throws Exception {
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED, Topics.CONTROL));
      StreamExecutionEnvironment env = FlinkTestEnv.env(2);
      RainJobMain.addTo(
          env,
          RainJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", kafka.bootstrapServers(),
                      "kafka.group", "rules-at-run-time",
                      "checkpoint.interval", "200ms",
                      "rain.out-of-orderness", "0s",
                      "rain.idleness", "1s"))));
      org.cityops.jobs.traffic.TrafficJobMain.addTo(
          env,
          org.cityops.jobs.traffic.TrafficJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", kafka.bootstrapServers(),
                      "kafka.group", "rules-at-run-time-traffic",
                      "checkpoint.interval", "200ms",
                      "traffic.out-of-orderness", "0s",
                      "traffic.idleness", "1s"))));
      JobClient job = env.executeAsync("city rules at run time");
      try (KafkaProducer<String, byte[]> producer =
              new KafkaProducer<>(
                  Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                  new StringSerializer(),
                  new ByteArraySerializer());
          Publisher control = new Publisher(kafka.bootstrapServers(), Map.of());
          ConsoleServer console =
              new ConsoleServer(
                      new Board(),
                      Users.parse(List.of("eli:engineer:" + Users.hash("eli-secret")), "test"),
                      control,
                      // the console's clock where the simulated city is: after the first hour
                      java.time.Clock.fixed(
                          T0.plus(Duration.ofMinutes(75)), java.time.ZoneOffset.UTC))
                  .start("127.0.0.1", 0)) {
        // the first hour and a quarter, judged by the starting rules
        send(producer, rain(1, 6));
        awaitCommitted(kafka, "rules-at-run-time", Topics.READINGS, 25);
        awaitCommitted(kafka, "rules-at-run-time-traffic", Topics.READINGS, 25);

        // the engineer pushes version 2 through the console, as cityops-rules push does, in force
        // from the third hour (12:00 + 2 h); an operator's action shares the topic (the rain job
        // passes over it); a broken change that got onto the topic must be refused, not fatal
        List<RainRuleChange> changes =
            RulePush.changes(
                CityRuleSet.parse(
                    "rules.yaml", RULES.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                T0.plus(Duration.ofHours(2)),
                "eli",
                Instant.now());
        assertThat(
                RulePush.send(
                    java.net.URI.create("http://127.0.0.1:" + console.port()),
                    "eli",
                    "eli-secret",
                    changes))
            .hasSize(5);
        control.send(
            new ControlMessage(
                "action-1",
                "heavy_rain:gauge:gauge-rules",
                ControlMessage.Action.ACKNOWLEDGE,
                "otto",
                ControlMessage.Role.OPERATOR,
                T0,
                null,
                null));
        producer.send(
            new ProducerRecord<>(
                Topics.CONTROL,
                "heavy-rain",
                "{\"ruleId\":\"heavy-rain\",\"version\":3}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        producer.flush();
        // committed at a checkpoint: every operator has had them
        awaitCommitted(kafka, "rules-at-run-time", Topics.CONTROL, 7);
        awaitCommitted(kafka, "rules-at-run-time-traffic", Topics.CONTROL, 7);

        // the rest of the five hours
        send(producer, rain(6, 21));
      }
      List<Incident> heavy = new ArrayList<>();
      List<Incident> slides = new ArrayList<>();
      List<Incident> river = new ArrayList<>();
      List<Incident> jams = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                heavy.clear();
                slides.clear();
                river.clear();
                jams.clear();
                List<Incident> all =
                    TopicReader.readAll(
                            kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(10))
                        .stream()
                        .map(r -> incident(r.value()))
                        .toList();
                all.stream().filter(i -> i.type() == IncidentType.HEAVY_RAIN).forEach(heavy::add);
                all.stream().filter(i -> i.type() == IncidentType.FLOOD_RISK).forEach(river::add);
                all.stream().filter(i -> i.type() == IncidentType.CONGESTION).forEach(jams::add);
                all.stream()
                    .filter(i -> i.type() == IncidentType.LANDSLIDE_RISK)
                    .sorted(java.util.Comparator.comparing(Incident::version))
                    .forEach(slides::add);
                return !heavy.isEmpty()
                    && !river.isEmpty()
                    && !jams.isEmpty()
                    && slides.stream()
                        .anyMatch(i -> i.severity() == org.cityops.events.Severity.SEVERE);
              });
      List<Rejected> refused =
          TopicReader.readUntil(
                  kafka.bootstrapServers(),
                  Topics.REJECTED,
                  r -> !r.isEmpty(),
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> EventJson.readRejected(r.value()))
              .toList();
      job.cancel().get();

      Incident opened = heavy.get(0);
      System.out.printf(
          "rules at run time: heavy rain opened at %s judged by %s; refused: %s%n",
          opened.openedAt(), ruleOf(opened), refused);
      // the first hours' 22 mm were judged by Alerta Rio's classes (nothing), the third hour's by
      // version 2, known to the job since the second hour
      assertThat(opened.openedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
      assertThat(opened.version()).isEqualTo(1);
      assertThat(ruleOf(opened)).isEqualTo("heavy-rain v2");
      System.out.printf(
          "landslide versions: %s%n",
          slides.stream()
              .map(i -> i.version() + " " + i.severity() + " at " + i.updatedAt() + " " + ruleOf(i))
              .toList());
      assertThat(slides.get(0).severity()).isEqualTo(org.cityops.events.Severity.MODERATE);
      assertThat(slides.get(0).openedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
      assertThat(ruleOf(slides.get(0))).isEqualTo("landslide-risk v0");
      Incident high =
          slides.stream()
              .filter(i -> i.severity() == org.cityops.events.Severity.SEVERE)
              .findFirst()
              .orElseThrow();
      assertThat(high.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(165)));
      assertThat(ruleOf(high)).isEqualTo("landslide-risk v2");
      // the steady river: normal under the starting stages, watched from the third hour on
      assertThat(river)
          .filteredOn(i -> i.version() == 1)
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.openedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
                assertThat(i.severity()).isEqualTo(org.cityops.events.Severity.MINOR);
                assertThat(ruleOf(i)).isEqualTo("water-level v2");
              });
      // the detector at 0.6 of free flow: slow under the starting levels, congested from the third
      // hour; three congested readings in a row (2:00, 2:05, 2:10) raise it
      assertThat(jams)
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.openedAt()).isEqualTo(T0.plus(Duration.ofMinutes(130)));
                assertThat(i.severity()).isEqualTo(org.cityops.events.Severity.MINOR);
                assertThat(ruleOf(i)).isEqualTo("congestion v2");
              });
      // the broken change is refused once (by the rain job; the traffic job leaves it to it)
      assertThat(refused)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.source()).isEqualTo("flink:city.control");
                assertThat(r.payloadHead()).contains("\"version\":3");
                assertThat(r.reason()).isEqualTo(org.cityops.events.RejectReason.INVALID_FIELD);
              });
    }
  }

  /** The incident {@code json} holds; a refusal names the record, so a failure shows it. */
  private static Incident incident(byte[] json) {
    try {
      return EventJson.readIncident(json);
    } catch (org.cityops.events.ContractViolation e) {
      throw new AssertionError(
          "a job wrote an invalid incident: "
              + e.getMessage()
              + ": "
              + new String(json, java.nio.charset.StandardCharsets.UTF_8),
          e);
    }
  }

  private static String ruleOf(Incident i) {
    return RuleVersions.judgedBy(i).orElse("none");
  }

  /**
   * All on one partition, in time order: this test is about when rules apply, not lateness (with a
   * second partition, event time could run ahead on one while the other waited, and its readings
   * arrive late: a gauge's sum judged later, a detector found silent).
   */
  private static void send(KafkaProducer<String, byte[]> producer, List<Reading> readings) {
    for (Reading r : readings) {
      producer.send(new ProducerRecord<>(Topics.READINGS, "one-partition", EventJson.write(r)));
    }
    producer.flush();
  }

  /**
   * Until a job's {@code group} has committed (at a checkpoint) {@code count} records of {@code
   * topic}.
   */
  private static void awaitCommitted(
      EmbeddedKafkaBroker kafka, String group, String topic, long count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> kafka.committed(group, topic) >= count);
  }
}
