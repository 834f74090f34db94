package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.FreePorts;
import org.cityops.embedded.InfluxDb1Process;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.timeseries.StoreEndpoint;
import org.junit.jupiter.api.Test;

/** The bridge's counters in a real InfluxDB 1.x, and a bridge that keeps going with no store. */
class BridgeMetricsReporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeoPoint BARRINHA = new GeoPoint(-23.0088, -43.2995);

  @Test
  void aReportNamesTheBridgeEachCounterAndEachReasonSomethingWasRefusedFor() {
    BridgeMetrics m = new BridgeMetrics();
    m.received.add(7);
    m.readings.add(4);
    m.countRejected(RejectReason.MALFORMED);
    m.countRejected(RejectReason.MALFORMED);
    m.countRejected(RejectReason.OUT_OF_RANGE);
    Instant at = Instant.parse("2026-11-29T03:00:00Z");

    List<String> lines = BridgeMetricsReporter.lines("bridge-a", m, at);

    long ns = at.getEpochSecond() * 1_000_000_000L;
    assertThat(lines)
        .contains(
            "bridge_metrics,bridge=bridge-a,metric=received value=7i " + ns,
            "bridge_metrics,bridge=bridge-a,metric=readings value=4i " + ns,
            "bridge_metrics,bridge=bridge-a,metric=rejected value=3i " + ns,
            "bridge_metrics,bridge=bridge-a,metric=reports value=0i " + ns,
            "bridge_metrics,bridge=bridge-a,metric=rejectedRecords,reason=malformed value=2i " + ns,
            "bridge_metrics,bridge=bridge-a,metric=rejectedRecords,reason=out_of_range value=1i "
                + ns);
    // nine counters, and only the two reasons something was refused for
    assertThat(lines).hasSize(9 + 2);
  }

  @Test
  void theStoreHoldsWhatTheBridgeReceivedForwardedAndRefusedByReason() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    try (InfluxDb1Process influx = new InfluxDb1Process().start()) {
      StoreEndpoint store =
          new StoreEndpoint(StoreEndpoint.Api.V1, influx.url(), "bridge", "cityops", null);
      MqttKafkaBridge bridge = new MqttKafkaBridge(config(mqtt, kafka, "bridge-metrics")).start();
      BridgeMetricsReporter reporter =
          BridgeMetricsReporter.start(bridge, store, Duration.ofMillis(200));
      try (MqttSink sensor = new MqttSink(mqtt.serverUri(), "gauge-metrics")) {
        Instant t = Instant.now().minusSeconds(3_600);
        for (int i = 0; i < 4; i++) {
          publish(sensor, Reading.rain("metrics-g1", t.plusSeconds(900L * i), BARRINHA, 0.2 * i));
        }
        publish(sensor, Reading.rain("metrics-g1", t.plusSeconds(3_600), BARRINHA, -3));
        for (int i = 0; i < 3; i++) {
          sensor.publish(
              SensorTopic.of(SensorKind.RAIN_GAUGE, "metrics-g1"),
              "{\"sensorId\": not json".getBytes(StandardCharsets.UTF_8));
        }
        sensor.awaitAcknowledged(30, TimeUnit.SECONDS);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> bridge.metrics().acked() >= 8);
      bridge.close();
      reporter.close();

      Map<String, Long> last = lastValues(influx, "bridge-metrics", "metric");
      System.out.println("bridge counters in the store: " + last);
      assertThat(last)
          .containsEntry("received", 8L)
          .containsEntry("readings", 4L)
          .containsEntry("rejected", 4L)
          .containsEntry("acked", 8L)
          .containsEntry("failures", 0L);
      Map<String, Long> byReason =
          lastValues(influx, "bridge-metrics", "reason"); // rejectedRecords only carry a reason
      assertThat(byReason).isEqualTo(Map.of("malformed", 3L, "out_of_range", 1L));
    }
  }

  @Test
  void withTheStoreDownTheBridgeStillForwardsAndTheReporterClosesPromptly() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    // nothing listens there
    StoreEndpoint nowhere =
        new StoreEndpoint(
            StoreEndpoint.Api.V1,
            "http://127.0.0.1:" + FreePorts.next(),
            "bridge",
            "cityops",
            null);
    try (MqttKafkaBridge bridge =
        new MqttKafkaBridge(config(mqtt, kafka, "bridge-no-store")).start()) {
      BridgeMetricsReporter reporter =
          BridgeMetricsReporter.start(bridge, nowhere, Duration.ofMillis(50));
      Reading reading = Reading.rain("no-store-g1", Instant.now().minusSeconds(60), BARRINHA, 1.4);
      try (MqttSink sensor = new MqttSink(mqtt.serverUri(), "gauge-no-store")) {
        publish(sensor, reading);
        sensor.awaitAcknowledged(30, TimeUnit.SECONDS);
      }
      List<Reading> inKafka =
          TopicReader.readUntil(
                  kafka.bootstrapServers(),
                  Topics.READINGS,
                  records ->
                      records.stream()
                          .anyMatch(r -> EventJson.readReading(r.value()).equals(reading)),
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> EventJson.readReading(r.value()))
              .filter(r -> r.sensorId().equals("no-store-g1"))
              .toList();
      assertThat(inKafka).containsExactly(reading);
      long started = System.nanoTime();
      reporter.close();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void anIntervalTooShortIsRefused() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    StoreEndpoint store =
        new StoreEndpoint(StoreEndpoint.Api.V1, "http://127.0.0.1:1", "x", "cityops", null);
    try (MqttKafkaBridge bridge =
        new MqttKafkaBridge(config(mqtt, kafka, "bridge-short-interval"))) {
      assertThatThrownBy(() -> BridgeMetricsReporter.start(bridge, store, Duration.ofMillis(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 10 ms");
    }
  }

  private static BridgeConfig config(
      EmbeddedMqttBroker mqtt, EmbeddedKafkaBroker kafka, String clientId) {
    return new BridgeConfig(
        mqtt.serverUri(),
        kafka.bootstrapServers(),
        clientId,
        null,
        List.of("city/sensors/rain_gauge/" + clientId.replace("bridge-", "") + "-g1"),
        1_000,
        Duration.ofMinutes(1),
        BridgeConfig.DEV_PSEUDONYM_KEY,
        ReadingLimits.defaults(),
        Map.of());
  }

  private static void publish(MqttSink sensor, Reading r) throws Exception {
    sensor.publish(SensorTopic.of(r.kind(), r.sensorId()), EventJson.write(r));
  }

  /** The last value of each series of one bridge, by the given tag. */
  private static Map<String, Long> lastValues(InfluxDb1Process influx, String bridge, String tag)
      throws Exception {
    JsonNode answer =
        JSON.readTree(
            influx.query(
                "bridge",
                "SELECT last(\"value\") FROM \"bridge_metrics\" WHERE \"bridge\" = '"
                    + bridge
                    + "' GROUP BY \""
                    + tag
                    + "\""));
    Map<String, Long> values = new TreeMap<>();
    for (JsonNode series : answer.at("/results/0/series")) {
      String key = series.at("/tags/" + tag).asText();
      if (!key.isEmpty()) {
        values.put(key, series.at("/values/0/1").asLong());
      }
    }
    return values;
  }
}
