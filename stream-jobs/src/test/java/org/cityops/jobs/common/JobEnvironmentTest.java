package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.AlertsJobMain;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.junit.jupiter.api.Test;

/**
 * Jobs added to one environment (as the local stack and the benchmark add them) keep their own
 * buffer timeouts, on every operator they add, sources included; and they checkpoint.
 */
class JobEnvironmentTest {
  private static final Map<String, String> KAFKA = Map.of("kafka.bootstrap-servers", "x:9092");

  /**
   * Every operator with a uid that sends records to another task, by uid: its buffer timeout in the
   * stream graph. Kafka sinks are left out: Flink expands each into a writer and a committer with
   * its environment's timeout, and a writer's records leave Flink for Kafka (its only output to a
   * task, to the committer, carries nothing at least once).
   */
  private static Map<String, Long> timeoutsByUid(
      Map<String, String> rainSettings, Map<String, String> alertsSettings) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (rainSettings != null) {
      RainJobMain.addTo(env, RainJobConfig.from(new Settings(with(rainSettings))));
    }
    Map<String, String> alerts = with(alertsSettings);
    alerts.put("mqtt.server-uri", "tcp://x:1883"); // residents' notifications too
    AlertsJobMain.addTo(env, AlertsJobConfig.from(new Settings(alerts)));
    return timeoutsByUid(env);
  }

  private static Map<String, Long> timeoutsByUid(StreamExecutionEnvironment env) {
    Map<String, Long> byUid = new TreeMap<>();
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      String uid = node.getTransformationUID();
      if (uid != null && !uid.endsWith("-sink") && !uid.startsWith("Sink Committer")) {
        byUid.put(uid, node.getBufferTimeout());
      }
    }
    return byUid;
  }

  private static Map<String, String> with(Map<String, String> settings) {
    Map<String, String> all = new TreeMap<>(KAFKA);
    all.putAll(settings);
    return all;
  }

  @Test
  void theAlertsJobPassesRecordsOnSoonerThanTheJobsThatReadEveryReading() {
    java.util.Set<String> alertsJob = timeoutsByUid(null, Map.of()).keySet();
    assertThat(alertsJob).contains("fanout-cell-matcher", "alerts-incident-lifecycle");
    Map<String, Long> timeouts = timeoutsByUid(Map.of(), Map.of());
    assertThat(timeouts)
        .containsEntry("rain-readings-source", 100L)
        .containsEntry("rain-gauge-readings", 100L)
        .containsEntry("alerts-detections-source", 10L)
        .containsEntry("alerts-incident-lifecycle", 10L)
        .containsEntry("fanout-cell-matcher", 10L);
    timeouts.forEach(
        (uid, timeout) ->
            assertThat(timeout)
                .as(uid)
                .isEqualTo(
                    alertsJob.contains(uid)
                        ? AlertsJobConfig.BUFFER_TIMEOUT.toMillis()
                        : JobBasics.BUFFER_TIMEOUT.toMillis()));
  }

  @Test
  void eachJobsTimeoutIsItsOwnSetting() {
    Map<String, Long> timeouts =
        timeoutsByUid(Map.of("rain.buffer-timeout", "40ms"), Map.of("alerts.buffer-timeout", "0s"));
    assertThat(timeouts)
        .containsEntry("rain-readings-source", 40L)
        .containsEntry("alerts-detections-source", 0L)
        .containsEntry("alerts-incident-lifecycle", 0L);
    assertThat(timeouts.values()).containsOnly(40L, 0L);
  }

  @Test
  void aTimeoutOutOfRangeIsRefusedByName() {
    // a negative timeout is Flink's "only when full": a quiet job would hold its records for ever
    assertThatThrownBy(
            () -> RainJobConfig.from(new Settings(with(Map.of("rain.buffer-timeout", "-1ms")))))
        .hasMessageContaining("rain.buffer-timeout");
    assertThatThrownBy(
            () -> AlertsJobConfig.from(new Settings(with(Map.of("alerts.buffer-timeout", "1m")))))
        .hasMessageContaining("alerts.buffer-timeout");
  }

  @Test
  void addingAJobAlsoEnablesCheckpointing() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    RainJobMain.addTo(
        env, RainJobConfig.from(new Settings(with(Map.of("checkpoint.interval", "7s")))));
    assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(7_000);
    assertThat(env.getCheckpointConfig().getAlignedCheckpointTimeout())
        .isEqualTo(Duration.ofMillis(100));
  }
}
