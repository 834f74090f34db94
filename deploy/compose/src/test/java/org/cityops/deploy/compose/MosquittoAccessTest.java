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
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's own broker configuration ({@code mosquitto/mosquitto.conf} and {@code
 * mosquitto/acl}) on a real Mosquitto (Debian's), with accounts made by {@code mosquitto_passwd} as
 * the compose file's {@code mqtt-accounts} makes them: nobody anonymous gets in, a device publishes
 * only under its own name, a resident reads only its own notifications and the public warnings,
 * each service only what its work needs, and the bridge, logged in, forwards a device's readings to
 * Kafka but never one published under another device's name. MQTT 5 clients are told each refusal
 * (reason 135, not authorized).
 */
class MosquittoAccessTest {
  private static final int NOT_AUTHORIZED = 135;
  private static final Map<String, String> ACCOUNTS =
      Map.of(
          "cityops-bridge", "bridge-test-password",
          "cityops-alerts", "alerts-test-password",
          "g1", "g1-test-password",
          "r-1", "r1-test-password");
  private static MosquittoProcess mosquitto;

  @BeforeAll
  static void start() {
    Path dir = Path.of("").toAbsolutePath().resolve("mosquitto");
    mosquitto =
        new MosquittoProcess().start(dir.resolve("mosquitto.conf"), dir.resolve("acl"), ACCOUNTS);
  }

  @AfterAll
  static void stop() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  private static MqttAsyncClient connect(String clientId, String user, String password)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(mosquitto.serverUri(), clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static MqttAsyncClient login(String user) throws MqttException {
    return connect(user + "-test", user, ACCOUNTS.get(user));
  }

  /** The reason code the broker gave a QoS 1 publish (0 accepted, 135 not authorized). */
  private static int publish(MqttAsyncClient client, String topic, byte[] payload)
      throws Exception {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    try {
      IMqttToken token = client.publish(topic, m);
      token.waitForCompletion(10_000);
      int[] codes = token.getReasonCodes();
      return codes == null || codes.length == 0 ? 0 : codes[0];
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  private static int subscribe(
      MqttAsyncClient client, String filter, java.util.function.Consumer<String> into)
      throws Exception {
    IMqttToken token =
        client.subscribe(
            new MqttSubscription[] {new MqttSubscription(filter, 1)},
            null,
            null,
            new IMqttMessageListener[] {
              (topic, m) ->
                  into.accept(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8))
            },
            new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
    token.waitForCompletion(10_000);
    return token.getReasonCodes()[0];
  }

  @Test
  void nobodyGetsInWithoutAnAccountOrWithAWrongPassword() {
    int[] codes = new int[2];
    assertThatThrownBy(() -> connect("stranger", null, null))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> codes[0] = ((MqttException) e).getReasonCode());
    assertThatThrownBy(() -> connect("guesser", "g1", "guess"))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> codes[1] = ((MqttException) e).getReasonCode());
    System.out.printf(
        "mosquitto refused: anonymous (reason %d), a wrong password (reason %d)%n",
        codes[0], codes[1]);
    // 135 not authorized, or 134 bad user name or password: refused either way, with a reason
    assertThat(codes[0]).isIn(134, NOT_AUTHORIZED);
    assertThat(codes[1]).isIn(134, NOT_AUTHORIZED);
  }

  @Test
  void eachAccountPublishesAndReadsOnlyWhatItsWorkNeeds() throws Exception {
    MqttAsyncClient bridge = login("cityops-bridge");
    MqttAsyncClient g1 = login("g1");
    MqttAsyncClient r1 = login("r-1");
    MqttAsyncClient alerts = login("cityops-alerts");
    ConcurrentLinkedQueue<String> bridgeGot = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> residentGot = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> deviceGot = new ConcurrentLinkedQueue<>();
    try {
      assertThat(subscribe(bridge, "city/sensors/#", bridgeGot::add)).isEqualTo(1);
      // bridges that share the load (Kubernetes runs two) subscribe through a shared group
      ConcurrentLinkedQueue<String> sharedGot = new ConcurrentLinkedQueue<>();
      MqttAsyncClient bridge2 =
          connect("bridge-2-test", "cityops-bridge", ACCOUNTS.get("cityops-bridge"));
      // (Paho hands a shared subscription's messages to the client's callback, not to a
      // listener of the filter, as the bridge itself receives them)
      bridge2.setCallback(
          new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
              sharedGot.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(
                int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
          });
      IMqttToken shared =
          bridge2.subscribe(new MqttSubscription("$share/cityops-bridges/city/sensors/#", 1));
      shared.waitForCompletion(10_000);
      assertThat(shared.getReasonCodes()[0]).isEqualTo(1);
      // wide subscriptions: the broker delivers each account only what it may read
      subscribe(r1, "city/residents/#", residentGot::add);
      subscribe(r1, "city/alerts/#", residentGot::add);
      subscribe(r1, "city/sensors/#", residentGot::add);
      subscribe(g1, "city/residents/#", deviceGot::add);

      // a device: under its own name yes, under another's or anywhere else no
      assertThat(publish(g1, "city/sensors/rain_gauge/g1", "own".getBytes())).isZero();
      assertThat(publish(g1, "city/sensors/rain_gauge/g2", "forged".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(g1, "city/alerts/cells/x", "fake warning".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(g1, "city/reports/flooding", "fake report".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);
      // a resident writes nothing
      assertThat(publish(r1, "city/residents/r-2/alerts", "prank".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);
      assertThat(publish(r1, "city/sensors/rain_gauge/r-0", "a resident as a gauge".getBytes()))
          .as("a resident account may write readings only under its own name")
          .isEqualTo(NOT_AUTHORIZED);
      // the fan-out: warnings and notifications yes, readings no
      assertThat(publish(alerts, "city/residents/r-1/alerts", "for r-1".getBytes())).isZero();
      assertThat(publish(alerts, "city/residents/r-2/alerts", "for r-2".getBytes())).isZero();
      assertThat(publish(alerts, "city/alerts/cells/a", "area warning".getBytes())).isZero();
      assertThat(publish(alerts, "city/sensors/rain_gauge/g1", "fake reading".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);
      // the bridge reads, never writes
      assertThat(publish(bridge, "city/sensors/rain_gauge/g1", "loop".getBytes()))
          .isEqualTo(NOT_AUTHORIZED);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> residentGot.size() >= 2 && !bridgeGot.isEmpty());
      Thread.sleep(500); // anything refused would have arrived by now
      System.out.printf(
          "mosquitto ACL: 7 publishes refused (reason 135); the bridge got %s; r-1, subscribed"
              + " to city/residents/#, city/alerts/# and city/sensors/#, got %s; g1, subscribed"
              + " to city/residents/#, got %s%n",
          bridgeGot, residentGot, deviceGot);
      assertThat(bridgeGot).containsExactly("city/sensors/rain_gauge/g1 own");
      assertThat(residentGot)
          .containsExactlyInAnyOrder(
              "city/residents/r-1/alerts for r-1", "city/alerts/cells/a area warning");
      assertThat(deviceGot).isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> !sharedGot.isEmpty());
      assertThat(sharedGot).containsExactly("city/sensors/rain_gauge/g1 own");
      bridge2.disconnect().waitForCompletion(5_000);
      bridge2.close();
    } finally {
      for (MqttAsyncClient c : List.of(bridge, g1, r1, alerts)) {
        if (c.isConnected()) {
          c.disconnect().waitForCompletion(5_000);
        }
        c.close();
      }
    }
  }

  @Test
  void theBridgeLoggedInForwardsADevicesReadingsButNeverOnesUnderAnotherName(@TempDir Path dir)
      throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    Path secret = Files.writeString(dir.resolve("bridge-password"), "bridge-test-password\n");
    BridgeConfig config =
        BridgeConfig.local(mosquitto.serverUri(), kafka.bootstrapServers())
            .withClientId("bridge-acl-test")
            .withMqttAccess(new MqttAccess("cityops-bridge", secret.toString()));
    Instant at = Instant.now().minusSeconds(60);
    try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start()) {
      MqttAsyncClient g1 = login("g1");
      try {
        assertThat(
                publish(
                    g1,
                    "city/sensors/rain_gauge/g1",
                    EventJson.write(Reading.rain("g1", at, new GeoPoint(-22.9, -43.2), 1.4))))
            .isZero();
        assertThat(
                publish(
                    g1,
                    "city/sensors/rain_gauge/acl-victim",
                    EventJson.write(
                        Reading.rain("acl-victim", at, new GeoPoint(-22.9, -43.2), 99.0))))
            .isEqualTo(NOT_AUTHORIZED);
      } finally {
        g1.disconnect().waitForCompletion(5_000);
        g1.close();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> readings(kafka).stream().anyMatch(r -> r.sensorId().equals("g1")));
      Thread.sleep(1_000);
      List<Reading> all = readings(kafka);
      System.out.printf(
          "bridge logged in as %s: readings in Kafka from %s%n",
          config.mqttAccess(), all.stream().map(Reading::sensorId).distinct().toList());
      assertThat(all).anyMatch(r -> r.sensorId().equals("g1") && r.rainMm() == 1.4);
      assertThat(all).noneMatch(r -> r.sensorId().equals("acl-victim"));
    }
  }

  private static List<Reading> readings(EmbeddedKafkaBroker kafka) {
    return TopicReader.readAll(kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(5))
        .stream()
        .map(r -> EventJson.readReading(r.value()))
        .toList();
  }
}
