package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cityops.jobs.fanout.FanOutFixtures.BARRINHA;
import static org.cityops.jobs.fanout.FanOutFixtures.COPACABANA;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.events.CapAlert;
import org.cityops.events.CellWarnings;
import org.cityops.events.EventJson;
import org.cityops.events.IncidentType;
import org.cityops.events.Notification;
import org.cityops.events.NotificationDigest;
import org.cityops.events.Subscription;
import org.cityops.jobs.common.FlinkTestEnv;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fan-out at parallelism 2 publishing to a real MQTT broker (HiveMQ CE): residents near the
 * warnings get each message once, a resident 12 km away none, a resident who wants only landslide
 * warnings only those; the cell's retained message lists what is still in force after a Cancel.
 */
class FanOutMqttTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static MqttClient subscriber(
      EmbeddedMqttBroker mqtt, String id, String filter, IMqttMessageListener l) throws Exception {
    MqttClient c = new MqttClient(mqtt.serverUri(), id, new MemoryPersistence());
    c.connect(new MqttConnectionOptions());
    c.subscribe(
        new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {l});
    return c;
  }

  @Test
  void residentsNearTheWarningHearEachMessageOnceAndTheCellKeepsWhatIsInForce() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    Queue<Notification> received = new ConcurrentLinkedQueue<>();
    MqttClient residents =
        subscriber(
            mqtt,
            "fanout-test-residents",
            "city/residents/+/alerts",
            (topic, m) -> {
              Notification n = EventJson.mapper().readValue(m.getPayload(), Notification.class);
              assertThat(topic).isEqualTo("city/residents/" + n.residentId() + "/alerts");
              received.add(n);
            });

    Queue<NotificationDigest> digests = new ConcurrentLinkedQueue<>();
    MqttClient digestReader =
        subscriber(
            mqtt,
            "fanout-test-digests",
            "city/residents/+/digest",
            (topic, m) -> {
              NotificationDigest d =
                  EventJson.mapper().readValue(m.getPayload(), NotificationDigest.class);
              assertThat(topic).isEqualTo("city/residents/" + d.residentId() + "/digest");
              digests.add(d);
            });

    List<CapAlert> alerts = new ArrayList<>(FanOutFixtures.heavyRain());
    alerts.addAll(FanOutFixtures.landslide());
    alerts.sort(Comparator.comparing(CapAlert::sent));
    List<Subscription> subscriptions =
        List.of(
            FanOutFixtures.resident("near", BARRINHA, List.of()),
            FanOutFixtures.resident("far", COPACABANA, List.of()),
            FanOutFixtures.resident("slopes", BARRINHA, List.of(IncidentType.LANDSLIDE_RISK)),
            // asleep from 18:00 to 20:00 in Rio: the Moderate landslide warning of 19:05 waits
            new Subscription(
                "sleeper",
                List.of(new Subscription.Place("home", BARRINHA, 200)),
                List.of(IncidentType.LANDSLIDE_RISK),
                true,
                FanOutFixtures.T0.minusSeconds(3600),
                new Subscription.Pacing(null, "18:00", "20:00", "America/Sao_Paulo")));
    StreamExecutionEnvironment env = FlinkTestEnv.env();
    FanOut.Outputs out =
        FanOut.wire(
            env.fromData(alerts)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                    org.apache.flink.api.common.eventtime.WatermarkStrategy
                        .<CapAlert>forMonotonousTimestamps()
                        .withTimestampAssigner(
                            (a, ts) ->
                                java.time.OffsetDateTime.parse(a.sent()).toEpochSecond() * 1000))
                .setParallelism(1),
            env.fromData(subscriptions)
                .assignTimestampsAndWatermarks(FanOut.subscriptionWatermarks()));
    FanOut.publish(out, mqtt.serverUri(), null);
    env.execute("fan-out-test");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                received.stream()
                    .anyMatch(
                        n ->
                            n.residentId().equals("near")
                                && n.incidentId().startsWith("landslide")));
    await().atMost(Duration.ofSeconds(20)).until(() -> !digests.isEmpty());
    Thread.sleep(500); // let stragglers arrive: the job finished, every message was acknowledged
    residents.disconnect();
    residents.close();
    digestReader.disconnect();
    digestReader.close();
    // the job's end moves event time past 20:00 in Rio (22:00 UTC): the held warning goes then
    assertThat(digests)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.residentId()).isEqualTo("sleeper");
              assertThat(d.reason()).isEqualTo(NotificationDigest.QUIET_HOURS);
              assertThat(d.releasedAt()).isEqualTo(java.time.Instant.parse("2019-02-06T22:00:00Z"));
              assertThat(d.items())
                  .extracting(Notification::identifier)
                  .containsExactly("landslide_risk:barra:1:v1");
            });

    Map<String, List<String>> byResident =
        received.stream()
            .collect(
                Collectors.groupingBy(
                    Notification::residentId,
                    Collectors.mapping(Notification::identifier, Collectors.toList())));
    System.out.println("fan-out notifications per resident: " + byResident);
    assertThat(byResident).doesNotContainKey("far").doesNotContainKey("sleeper");
    assertThat(byResident.get("slopes")).containsExactly("landslide_risk:barra:1:v1");
    List<String> near = byResident.get("near");
    assertThat(near).doesNotHaveDuplicates().contains("landslide_risk:barra:1:v1");
    // the subscription and the warnings meet in no fixed order: the resident hears the rain's
    // messages from the one in force when the subscription arrived, always up to the Cancel
    List<String> rain = near.stream().filter(id -> id.startsWith("heavy_rain")).sorted().toList();
    List<String> all =
        List.of("heavy_rain:barrinha:1:v1", "heavy_rain:barrinha:1:v2", "heavy_rain:barrinha:1:v3");
    assertThat(all.subList(all.size() - rain.size(), all.size())).isEqualTo(rain);

    BlockingQueue<CellWarnings> retained = new ArrayBlockingQueue<>(4);
    String cell = new CellCover().cellOf(BARRINHA);
    MqttClient late =
        subscriber(
            mqtt,
            "fanout-test-late",
            "city/alerts/cells/" + cell,
            (topic, m) ->
                retained.add(
                    EventJson.mapper()
                        .readValue(
                            new String(m.getPayload(), StandardCharsets.UTF_8),
                            CellWarnings.class)));
    CellWarnings inForce = retained.poll(10, TimeUnit.SECONDS);
    late.disconnect();
    late.close();
    assertThat(inForce).isNotNull();
    assertThat(inForce.cell()).isEqualTo(cell);
    assertThat(inForce.warnings())
        .extracting(CellWarnings.Warning::identifier)
        .containsExactly("landslide_risk:barra:1:v1");
  }
}
