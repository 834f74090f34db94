package org.cityops.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.MosquittoProcess;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.MqttAccess;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeConfig;
import org.cityops.ingestion.bridge.MqttKafkaBridge;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.MqttSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the deployments' broker (Debian's Mosquitto on {@code mosquitto/mosquitto.conf}) does with
 * the readings it has acknowledged to the sensors while the bridge is away: it keeps them for the
 * bridge's session and hands every one over when the bridge is back, also after the broker itself
 * was stopped, or killed, while holding them. Each test has its own broker and its own sensors'
 * names on the shared Kafka, and counts the readings (distinct sensor and time) that reach it.
 */
class MosquittoBacklogTest {
  private static final Map<String, String> ACCOUNTS =
      Map.of("cityops-bridge", "bridge-test-password", "cityops-gateway", "gateway-test-password");
  private static final GeoPoint WHERE = new GeoPoint(-22.9, -43.2);

  @TempDir Path secrets;
  private MosquittoProcess mosquitto;

  @BeforeEach
  void start() {
    Path dir = Path.of("").toAbsolutePath().resolve("mosquitto");
    mosquitto =
        new MosquittoProcess().start(dir.resolve("mosquitto.conf"), dir.resolve("acl"), ACCOUNTS);
  }

  @AfterEach
  void stop() {
    mosquitto.close();
  }

  @Test
  void aBacklogOfTensOfThousandsQueuedWhileTheBridgeWasAwayIsAllForwarded() throws Exception {
    assertWholeBacklogForwarded("away", 30_000, null);
  }

  @Test
  void aBacklogHeldByTheBrokerSurvivesItsStop() throws Exception {
    assertWholeBacklogForwarded("stopped", 10_000, false);
  }

  @Test
  void aBacklogHeldByTheBrokerSurvivesItBeingKilled() throws Exception {
    assertWholeBacklogForwarded("killed", 10_000, true);
  }

  /**
   * The bridge subscribes and leaves (its session stays with the broker); a gateway publishes
   * {@code backlog} readings, each acknowledged by the broker; the broker is restarted if {@code
   * killed} is not null (killed or stopped); the bridge comes back and must forward all of them.
   */
  private void assertWholeBacklogForwarded(String name, int backlog, Boolean killed)
      throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    BridgeConfig config =
        BridgeConfig.local(mosquitto.serverUri(), kafka.bootstrapServers())
            .withClientId("bridge-backlog-" + name)
            .withMqttAccess(login("cityops-bridge"));
    new MqttKafkaBridge(config).start().close();
    Instant start = Instant.now().minus(Duration.ofDays(2));
    String prefix = "backlog-" + name + "-";
    try (MqttSink gateway =
        new MqttSink(mosquitto.serverUri(), "gateway-" + name, login("cityops-gateway"))) {
      for (int i = 0; i < backlog; i++) {
        String sensor = prefix + (i % 100);
        gateway.publish(
            SensorTopic.of(SensorKind.RAIN_GAUGE, sensor),
            EventJson.write(Reading.rain(sensor, start.plusSeconds(i), WHERE, 0.2)));
      }
      gateway.awaitAcknowledged(60, TimeUnit.SECONDS);
    }
    if (Boolean.TRUE.equals(killed)) {
      awaitTwoSavesAfter(Instant.now());
    }
    if (killed != null) {
      mosquitto.restart(killed);
    }
    long back = System.nanoTime();
    try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start()) {
      TopicReader.DistinctKeys ownReadings =
          new TopicReader.DistinctKeys(
              r -> {
                Reading reading = EventJson.readReading(r.value());
                return reading.sensorId().startsWith(prefix) ? reading.dedupKey() : null;
              },
              backlog);
      Set<String> forwarded =
          ownReadings.keysIn(
              TopicReader.readUntil(
                  kafka.bootstrapServers(),
                  Topics.READINGS,
                  ownReadings,
                  Duration.ofSeconds(killed == null ? 120 : 60)));
      System.out.printf(
          "Mosquitto %s: %d of %d readings acknowledged to the gateway reached Kafka,"
              + " %d ms after the bridge came back; bridge: %s%n",
          killed == null ? "kept its backlog" : killed ? "killed" : "stopped",
          forwarded.size(),
          backlog,
          (System.nanoTime() - back) / 1_000_000,
          bridge.metrics());
      assertThat(forwarded).hasSize(backlog);
      assertThat(bridge.metrics().failures()).isZero();
    }
  }

  /**
   * Waits until the broker has saved its state twice since {@code acknowledged}: the second save
   * began after the first ended, so after every acknowledgement, and holds every reading. With the
   * deployment's {@code autosave_interval} (1 s) that is about two seconds; with Mosquitto's
   * default (1800 s) it never comes, and what a kill would lose is named.
   */
  private void awaitTwoSavesAfter(Instant acknowledged) throws InterruptedException {
    Path file = mosquitto.persistenceFile();
    Instant deadline = Instant.now().plusSeconds(30);
    Set<Instant> saves = new HashSet<>();
    while (saves.size() < 2) {
      assertThat(Instant.now())
          .as(
              "the broker saved its state %d times in the 30 s after the last acknowledgement:"
                  + " killed now, it would lose what it had acknowledged (autosave_interval?)",
              saves.size())
          .isBefore(deadline);
      try {
        Instant saved = Files.getLastModifiedTime(file).toInstant();
        if (saved.isAfter(acknowledged)) {
          saves.add(saved);
        }
      } catch (java.io.IOException notSavedYet) {
        // no save yet
      }
      Thread.sleep(20);
    }
  }

  private MqttAccess login(String account) throws java.io.IOException {
    Path file = secrets.resolve(account + "-password");
    if (!Files.exists(file)) {
      Files.writeString(file, ACCOUNTS.get(account) + "\n");
    }
    return new MqttAccess(account, file.toString());
  }
}
