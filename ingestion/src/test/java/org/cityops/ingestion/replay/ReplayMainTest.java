package org.cityops.ingestion.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedData;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.ingestion.bridge.MessageRouter;
import org.cityops.ingestion.bridge.Routed;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.ingestion.validate.ReadingValidator;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The replay command against a real Kafka broker and a real MQTT broker, on the real February 2019
 * exports. Kafka topics are the test's own, since other tests of this JVM share the brokers.
 */
class ReplayMainTest {
  private static Path gauges;
  private static AlertaRioStations stations;

  @BeforeAll
  static void load() throws Exception {
    gauges = SharedData.data("rio/rain-gauges.json");
    stations = AlertaRioStations.load(gauges);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run replay(String... args) {
    StringWriter err = new StringWriter();
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
      code =
          new CommandLine(new ReplayMain())
              .setCaseInsensitiveEnumValuesAllowed(true)
              .setErr(new PrintWriter(err))
              .execute(args);
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.print(printed);
    return new Run(code, printed, err.toString());
  }

  @Test
  void anArchiveReplayedToKafkaArrivesWholeKeyedByGaugeAndShifted(@TempDir Path dir)
      throws Exception {
    for (String station : List.of("urca", "barrinha")) {
      Files.copy(
          SharedData.data("alertario/2019-02/" + station + "_201902_Plv.csv"),
          dir.resolve(station + "_201902_Plv.csv"));
    }
    List<Reading> recorded = AlertaRioReadings.readFolder(dir, stations);
    Instant end = Instant.parse("2026-01-01T00:00:00Z");
    Duration shift = ReadingReplay.shiftToEndAt(recorded, end);
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of("replay-archive", "replay-archive-rejected"));

    Run run =
        replay(
            "--archive",
            dir.toString(),
            "--gauges",
            gauges.toString(),
            "--to",
            "kafka",
            "--kafka",
            kafka.bootstrapServers(),
            "--readings-topic",
            "replay-archive",
            "--rejected-topic",
            "replay-archive-rejected",
            "--end-at",
            end.toString(),
            "--progress-every",
            "1000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Replaying " + String.format("%,d", recorded.size()) + " readings of 2 gauges")
        .contains("1,000 of " + String.format("%,d", recorded.size()) + " sent")
        .contains("refused before Kafka: none");
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readUntil(
            kafka.bootstrapServers(),
            "replay-archive",
            r -> r.size() >= recorded.size(),
            Duration.ofSeconds(60));
    assertThat(records).hasSize(recorded.size());
    records.forEach(
        r -> assertThat(r.key()).isEqualTo(EventJson.readReading(r.value()).sensorId()));
    List<Reading> arrived = records.stream().map(r -> EventJson.readReading(r.value())).toList();
    List<Reading> expected = recorded.stream().map(r -> r.atTime(r.time().plus(shift))).toList();
    assertThat(arrived).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(arrived.stream().map(Reading::time).max(Instant::compareTo)).contains(end);
    // missing values travel as missing, never as zero
    assertThat(arrived.stream().filter(r -> r.rainMm() == null).count())
        .isEqualTo(recorded.stream().filter(r -> r.rainMm() == null).count());
  }

  @Test
  void readingsTheBridgeWouldRefuseGoToTheRejectedTopicWithTheirReason() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(1, List.of("replay-refusals", "replay-refusals-rejected"));
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    GeoPoint urca = new GeoPoint(-22.956, -43.167);
    Reading good = Reading.rain("urca", now.minusSeconds(900), urca, 3.2);
    Reading absurd = Reading.rain("urca", now.minusSeconds(1800), urca, 250);
    Reading negative = Reading.rain("tijuca", now.minusSeconds(900), urca, -1);
    Reading future = Reading.rain("tijuca", now.plus(Duration.ofDays(2)), urca, 1);
    Map<RejectReason, Long> refused;
    try (KafkaReadingSink sink =
        new KafkaReadingSink(
            kafka.bootstrapServers(),
            "replay-refusals",
            "replay-refusals-rejected",
            new ReadingValidator(ReadingLimits.defaults()),
            Clock.fixed(now, java.time.ZoneOffset.UTC))) {
      for (Reading r : List.of(good, absurd, negative, future)) {
        sink.send(r);
      }
      refused = sink.refused();
    }
    assertThat(refused)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(RejectReason.OUT_OF_RANGE, 2L, RejectReason.FUTURE_TIME, 1L));
    List<ConsumerRecord<String, byte[]>> readings =
        TopicReader.readUntil(
            kafka.bootstrapServers(), "replay-refusals", r -> !r.isEmpty(), Duration.ofSeconds(30));
    List<ConsumerRecord<String, byte[]>> rejected =
        TopicReader.readUntil(
            kafka.bootstrapServers(),
            "replay-refusals-rejected",
            r -> r.size() >= 3,
            Duration.ofSeconds(30));
    assertThat(readings)
        .singleElement()
        .satisfies(r -> assertThat(EventJson.readReading(r.value())).isEqualTo(good));
    List<Rejected> reasons = rejected.stream().map(r -> EventJson.readRejected(r.value())).toList();
    assertThat(reasons)
        .extracting(Rejected::source, Rejected::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("replay:urca", RejectReason.OUT_OF_RANGE),
            org.assertj.core.groups.Tuple.tuple("replay:tijuca", RejectReason.OUT_OF_RANGE),
            org.assertj.core.groups.Tuple.tuple("replay:tijuca", RejectReason.FUTURE_TIME));
    assertThat(reasons)
        .filteredOn(r -> r.source().equals("replay:urca"))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("rainMm").contains("250"));
  }

  @Test
  void feedSnapshotsReplayedToMqttArriveAsTheGaugesWouldPublishThem(@TempDir Path dir)
      throws Exception {
    // two polls of the live feed, the evening of 6 February 2019 (UTC-2): the second repeats
    // Urca's 22:15 slot, and names a station that does not exist
    Path first = dir.resolve("poll-1.json");
    Files.writeString(
        first,
        """
        {"objects": [
          {"nome": "Urca", "hora": "2019-02-06 22:15:00", "m15": 4.2, "h01": 9.0},
          {"nome": "Tijuca", "hora": "2019-02-06 22:15:00", "m15": -99.99, "h01": 30.4}
        ]}
        """);
    Path second = dir.resolve("poll-2.json");
    Files.writeString(
        second,
        """
        {"objects": [
          {"nome": "Urca", "hora": "2019-02-06 22:15:00", "m15": 4.2, "h01": 9.0},
          {"nome": "Urca", "hora": "2019-02-06 22:30:00", "m15": 11.6, "h01": 20.0},
          {"nome": "Atlantis", "hora": "2019-02-06 22:30:00", "m15": 1.0}
        ]}
        """);
    Path notJson = dir.resolve("poll-3.json");
    Files.writeString(notJson, "<html>502 Bad Gateway</html>");

    var mqtt = SharedServers.mqtt();
    Queue<String[]> received = new ConcurrentLinkedQueue<>();
    MqttClient subscriber =
        new MqttClient(mqtt.serverUri(), "replay-test-subscriber", new MemoryPersistence());
    subscriber.connect(new MqttConnectionOptions());
    try {
      subscriber.subscribe(
          new MqttSubscription[] {new MqttSubscription(SensorTopic.PREFIX + "rain_gauge/+", 1)},
          new IMqttMessageListener[] {
            (topic, msg) ->
                received.add(
                    new String[] {topic, new String(msg.getPayload(), StandardCharsets.UTF_8)})
          });

      Run run =
          replay(
              "--feed",
              first.toString(),
              second.toString(),
              notJson.toString(),
              "--gauges",
              gauges.toString(),
              "--to",
              "mqtt",
              "--mqtt",
              mqtt.serverUri());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("Refused: poll-2.json: station 2 (Atlantis) refused")
          .contains("Refused: poll-3.json: live feed snapshot is not JSON")
          .contains("Replaying 3 readings of 2 gauges");
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 3);
    } finally {
      subscriber.disconnect();
      subscriber.close();
    }

    GeoPoint urca = stations.forKey("urca").location();
    GeoPoint tijuca = stations.forKey("tijuca").location();
    assertThat(received)
        .extracting(m -> m[0] + " " + EventJson.readReading(m[1].getBytes(StandardCharsets.UTF_8)))
        .containsExactlyInAnyOrder(
            "city/sensors/rain_gauge/urca "
                + Reading.rain("urca", Instant.parse("2019-02-07T00:15:00Z"), urca, 4.2),
            "city/sensors/rain_gauge/urca "
                + Reading.rain("urca", Instant.parse("2019-02-07T00:30:00Z"), urca, 11.6),
            "city/sensors/rain_gauge/tijuca "
                + Reading.missingRain("tijuca", Instant.parse("2019-02-07T00:15:00Z"), tijuca));
    // and the bridge accepts each as a reading of the sensor its topic names
    MessageRouter router =
        MessageRouter.create(ReadingLimits.defaults(), new Pseudonymizer(new byte[32]));
    List<Routed.Kind> kinds = new ArrayList<>();
    for (String[] m : received) {
      router
          .route(m[0], m[1].getBytes(StandardCharsets.UTF_8), Instant.now())
          .forEach(r -> kinds.add(r.kind()));
    }
    assertThat(kinds).containsOnly(Routed.Kind.READING).hasSize(3);
  }

  @Test
  void misuseIsAnsweredWithWhatToDo() {
    Run both = replay("--archive", "a", "--feed", "b.json", "--gauges", gauges.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--archive", "--feed", "mutually exclusive");

    Run badTime =
        replay("--feed", "b.json", "--gauges", gauges.toString(), "--start-at", "yesterday");
    assertThat(badTime.exitCode()).isNotZero();
    assertThat(badTime.err()).contains("--start-at takes 'now' or an ISO-8601 instant");

    Run missing = replay("--feed", "no-such-poll.json", "--gauges", gauges.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no-such-poll.json does not exist or cannot be read");

    Run help = replay("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--end-at", "--speed", "Examples:");
  }
}
