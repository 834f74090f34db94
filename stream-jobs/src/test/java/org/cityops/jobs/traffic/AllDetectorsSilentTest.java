package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import org.cityops.events.Topics;
import org.cityops.jobs.common.ContractTopics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.ReadingsProducer;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.DetectorSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every traffic detector of the city falls silent at once (their network is down) while the rain
 * gauges go on reporting on {@code city.readings}. The traffic job must still see the silence: its
 * event time has to move on with the other sensors' readings, since its own detectors send none. A
 * blind road network must not look calm. (A version of the job that passed over other kinds'
 * readings unread saw no silence at all: its event time stopped at the last detector reading.)
 */
class AllDetectorsSilentTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void whenEveryDetectorFallsSilentTheGaugesReadingsStillRevealIt() throws Exception {
    DetectorSite site =
        TrafficJobConfig.from(new Settings(Map.of())).layout().sites().values().stream()
            .min(java.util.Comparator.comparing(DetectorSite::id))
            .orElseThrow();
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      ContractTopics.create(kafka, 2);
      try (ReadingsProducer producer = new ReadingsProducer(kafka)) {
        for (int minute = 0; minute <= 180; minute += 5) {
          Instant at = T0.plus(Duration.ofMinutes(minute));
          if (minute <= 30) { // the detector's last reading is at 07:30
            producer.send(0, detectorReading(site, at, minute));
          }
          if (minute % 15 == 0) { // the gauges report on both partitions until 10:00
            producer.send(0, Reading.rain("gauge-a", at, new GeoPoint(-22.93, -43.22), 0.0));
            producer.send(1, Reading.rain("gauge-b", at, new GeoPoint(-22.97, -43.19), 0.0));
          }
        }
      }
      StreamExecutionEnvironment env = FlinkTestEnv.env(2);
      TrafficJobMain.addTo(
          env,
          TrafficJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", kafka.bootstrapServers(),
                      "checkpoint.interval", "200ms",
                      "traffic.out-of-orderness", "0s"))));
      // running, not bounded: at the end of a finite input the watermark jumps to the end of
      // time, which is not silence
      JobClient job = env.executeAsync("traffic detectors all silent");
      List<Incident> maintenance;
      try {
        maintenance =
            maintenance(
                TopicReader.readUntil(
                    kafka.bootstrapServers(),
                    Topics.DETECTIONS,
                    records -> !maintenance(records).isEmpty(),
                    Duration.ofSeconds(60)));
      } finally {
        job.cancel().get();
      }
      System.out.printf("all detectors silent: %s%n", maintenance);
      assertThat(maintenance)
          .singleElement()
          .satisfies(
              i -> {
                // silent from 10 minutes (traffic.silent-after) after its last reading at 07:30
                assertThat(i.openedAt()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
                assertThat(i.evidence())
                    .anySatisfy(e -> assertThat(e.signal()).isEqualTo("silent_minutes"));
              });
    }
  }

  private static List<Incident> maintenance(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(r -> EventJson.readIncident(r.value()))
        .filter(i -> i.type() == IncidentType.SENSOR_MAINTENANCE)
        .toList();
  }

  private static Reading detectorReading(DetectorSite site, Instant at, int minute) {
    return Reading.trafficLoop(
        site.id(), at, site.location(), 0.95 * site.freeFlowKmh(), 60.0 + minute % 7, 10.0);
  }
}
