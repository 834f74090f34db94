package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ContractTopics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.ReadingsProducer;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rain job live, on a {@code city.readings} that carries only rain gauges, all reporting on the
 * same 15-minute marks (as Alerta Rio's do): after the marks' readings nothing newer comes for 15
 * minutes. The strong rain of the last mark must still make its incident once the readings have
 * been quiet for {@code rain.out-of-orderness}, not wait for the next marks (it waited for them
 * until the quiet partitions' watermarks followed the clock: {@code ParsedWatermarks}).
 *
 * <p>Real Kafka (its own broker: no other test's readings may move this job's event time), the job
 * as deployed ({@link RainJobMain}), event times at the wall clock, two partitions each with one
 * gauge. No reading is sent after the marks, so nothing but the quiet can move event time on; but
 * for one from a gauge whose clock runs a year ahead, which the job refuses ({@code future_time},
 * judged against the record's Kafka timestamp) to the dead-letter topic.
 */
class LiveRainOnlyTopicTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final GeoPoint WET = new GeoPoint(-22.93, -43.22);
  private static final GeoPoint DRY = new GeoPoint(-22.97, -43.19);

  @Test
  void theLastMarksStrongRainIsJudgedAfterTheQuietNotAtTheNextMarks() throws Exception {
    Instant lastMark = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      ContractTopics.create(kafka, 2);
      try (ReadingsProducer producer = new ReadingsProducer(kafka)) {
        // an hour of marks, dry until the last one: 30 mm in its 15 minutes (strong: 25.1 mm in
        // an hour), so no earlier mark can open anything
        for (int quarter = 4; quarter >= 0; quarter--) {
          Instant at = lastMark.minus(Duration.ofMinutes(15L * quarter));
          double wet = quarter == 0 ? 30.0 : 0.0;
          producer.send(0, Reading.rain("live-wet", at, WET, wet));
          producer.send(1, Reading.rain("live-dry", at, DRY, 0.0));
        }
        // a gauge whose clock is a year ahead: refused, it must not carry event time with it
        producer.send(1, Reading.rain("live-ahead", lastMark.plus(Duration.ofDays(365)), DRY, 0.0));
      }

      StreamExecutionEnvironment env = FlinkTestEnv.env(2);
      RainJobMain.addTo(
          env,
          RainJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", kafka.bootstrapServers(),
                      "kafka.group", "live-rain-only",
                      "checkpoint.interval", "200ms",
                      // rain.idleness stays at its default (1 min), longer than the test waits
                      "rain.out-of-orderness", "2s"))));
      JobClient job = env.executeAsync("live rain-only topic");
      try {
        List<ConsumerRecord<String, byte[]>> detections =
            TopicReader.readUntil(
                kafka.bootstrapServers(),
                Topics.DETECTIONS,
                records -> !heavyRain(records).isEmpty(),
                Duration.ofSeconds(60));
        List<Incident> heavy = heavyRain(detections);
        System.out.printf(
            "live rain-only topic: heavy rain of %s judged %.1f s after its mark's time (the job"
                + " started after the readings were sent)%n",
            lastMark,
            heavy.isEmpty()
                ? Double.NaN
                : Duration.between(lastMark, Instant.now()).toMillis() / 1000.0);
        assertThat(heavy)
            .as("a heavy-rain incident for the last mark, with no newer reading sent")
            .isNotEmpty()
            .allSatisfy(
                i -> {
                  assertThat(i.area().zone()).isEqualTo("live-wet");
                  assertThat(i.openedAt()).isEqualTo(lastMark);
                  assertThat(i.evidence())
                      .anySatisfy(
                          e -> {
                            assertThat(e.signal()).isEqualTo("rain_1h_peak_mm");
                            assertThat(e.time()).isEqualTo(lastMark);
                            assertThat(e.value()).isEqualTo(30.0);
                          });
                });
        List<Rejected> ahead =
            TopicReader.readUntil(
                    kafka.bootstrapServers(),
                    Topics.REJECTED,
                    records ->
                        records.stream().anyMatch(r -> isAhead(EventJson.readRejected(r.value()))),
                    Duration.ofSeconds(30))
                .stream()
                .map(r -> EventJson.readRejected(r.value()))
                .filter(LiveRainOnlyTopicTest::isAhead)
                .toList();
        assertThat(ahead)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.reason()).isEqualTo(RejectReason.FUTURE_TIME);
                  assertThat(r.detail()).contains("after the record was written");
                });
      } finally {
        job.cancel().get();
      }
    }
  }

  private static boolean isAhead(Rejected r) {
    return r.source().equals("flink:city.readings") && r.payloadHead().contains("live-ahead");
  }

  private static List<Incident> heavyRain(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(r -> EventJson.readIncident(r.value()))
        .filter(i -> i.type() == IncidentType.HEAVY_RAIN)
        .toList();
  }
}
