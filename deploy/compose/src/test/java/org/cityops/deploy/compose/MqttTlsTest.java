package org.cityops.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.MosquittoProcess;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.MqttAccess;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeConfig;
import org.cityops.ingestion.bridge.MqttKafkaBridge;
import org.cityops.ingestion.simulator.MqttSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS on a real Mosquitto with the deployment's configuration and ACL, its listener given
 * a certificate made here with {@code openssl} for 127.0.0.1: plain MQTT is not spoken there, a
 * client that does not trust the certificate's authority is refused in the handshake, and a device
 * and the bridge that trust it (their {@code --mqtt-ca-file}) and log in carry a reading to Kafka.
 */
class MqttTlsTest {
  private static final Map<String, String> ACCOUNTS =
      Map.of("cityops-bridge", "bridge-tls-password", "g7", "g7-tls-password");
  @TempDir static Path certs;
  private static MosquittoProcess mosquitto;
  private static Path ca;

  @BeforeAll
  static void start() throws Exception {
    ca = certs.resolve("broker.crt");
    Path key = certs.resolve("broker.key");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                ca.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
        .as("openssl: %s", said)
        .isTrue();
    Path dir = Path.of("").toAbsolutePath().resolve("mosquitto");
    mosquitto =
        new MosquittoProcess()
            .withTls(ca, key)
            .start(dir.resolve("mosquitto.conf"), dir.resolve("acl"), ACCOUNTS);
  }

  @AfterAll
  static void stop() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  private static Path secret(Path dir, String user) throws Exception {
    return Files.writeString(dir.resolve(user + ".password"), ACCOUNTS.get(user));
  }

  @Test
  void onlyClientsThatTrustTheBrokersAuthorityGetThroughAndTheirReadingsReachKafka(
      @TempDir Path dir) throws Exception {
    assertThat(mosquitto.serverUri()).startsWith("ssl://");
    MqttAccess g7 = new MqttAccess("g7", secret(dir, "g7").toString(), ca.toString());
    // plain MQTT on the TLS port, and TLS without trusting the city's authority: refused
    assertThatThrownBy(
            () -> new MqttSink("tcp://127.0.0.1:" + mosquitto.port(), "plain-device", g7))
        .as("plain MQTT to the TLS listener");
    assertThatThrownBy(
            () ->
                new MqttSink(
                    mosquitto.serverUri(),
                    "untrusting-device",
                    new MqttAccess("g7", secret(dir, "g7").toString(), null)))
        .as("TLS trusting only the Java runtime's authorities")
        .hasStackTraceContaining("PKIX");

    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    BridgeConfig config =
        BridgeConfig.local(mosquitto.serverUri(), kafka.bootstrapServers())
            .withClientId("bridge-tls-test")
            .withMqttAccess(
                new MqttAccess(
                    "cityops-bridge", secret(dir, "cityops-bridge").toString(), ca.toString()));
    Instant at = Instant.now().minusSeconds(30);
    try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start();
        MqttSink device = new MqttSink(mosquitto.serverUri(), "tls-device", g7)) {
      device.publish(
          "city/sensors/rain_gauge/g7",
          EventJson.write(Reading.rain("g7", at, new GeoPoint(-22.9, -43.2), 3.2)));
      device.awaitAcknowledged(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  TopicReader.readAll(
                          kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(2))
                      .stream()
                      .map(r -> EventJson.readReading(r.value()))
                      .anyMatch(r -> r.sensorId().equals("g7") && r.rainMm() == 3.2));
      System.out.printf(
          "MQTT over TLS: plain MQTT and an untrusting client refused; device g7 and the bridge"
              + " (%s) carried g7's reading to Kafka%n",
          config.mqttAccess());
    }
  }
}
