package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.board.KafkaFeed;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.Area;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.events.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's API against a real Kafka: it shows what the jobs publish, sends what operators do
 * to {@code city.control} as the logged-in user, and refuses with a 4xx and a clear message what it
 * must refuse (no login, wrong password, malformed JSON, unknown incidents, missing CSRF token, a
 * viewer acting, an operator approving).
 */
class ConsoleApiTest {
  private static final Instant T0 = Instant.parse("2026-11-28T21:00:00Z");
  private static final String ID = "urban_flooding:12-7:" + T0.getEpochSecond();

  private static EmbeddedKafkaBroker kafka;
  private static Board board;
  private static KafkaFeed feed;
  private static Publisher control;
  private static ConsoleServer server;
  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedServers.kafka();
    kafka.createTopics(
        2,
        List.of(
            Topics.INCIDENTS,
            Topics.ALERTS,
            Topics.PENDING_WARNINGS,
            Topics.STAGE,
            Topics.CONTROL,
            Topics.READINGS,
            Topics.REPORTS));
    Users users =
        Users.parse(
            List.of(
                "# test accounts",
                "ana:supervisor:" + Users.hash("ana-secret"),
                "otto:operator:" + Users.hash("otto-secret"),
                "vera:viewer:" + Users.hash("vera-secret")),
            "test");
    board = new Board();
    feed = new KafkaFeed(kafka.bootstrapServers(), Map.of(), board).start();
    control = new Publisher(kafka.bootstrapServers(), Map.of());
    server =
        new ConsoleServer(board, users, control, Clock.systemUTC(), NEIGHBOURHOODS)
            .start("127.0.0.1", 0);
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    publish(flood(1, Severity.MODERATE));
    producer.send(
        new ProducerRecord<>(
            Topics.INCIDENTS, "junk", "{not json".getBytes(StandardCharsets.UTF_8)));
    producer.flush();
    await().atMost(Duration.ofSeconds(30)).until(() -> board.latest(ID).isPresent());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (control != null) {
      control.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  private static Incident flood(long version, Severity severity) {
    Instant at = T0.plusSeconds(60 * version);
    return new Incident(
        ID,
        IncidentType.URBAN_FLOODING,
        new Area(new GeoPoint(-22.9115, -43.213), 500, null),
        severity,
        IncidentStatus.ACTIVE_UNACK,
        List.of(new Evidence("reporters", ID, at, 3 + version, null)),
        version,
        T0,
        at,
        null);
  }

  private static void publish(Incident i) {
    producer.send(new ProducerRecord<>(Topics.INCIDENTS, i.incidentId(), EventJson.write(i)));
    producer.flush();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return EventJson.mapper().readTree(r.body());
  }

  private static void assertRefused(HttpResponse<String> r, int status, String message)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).contains(message);
  }

  @Test
  void withoutALoginOrWithAWrongPasswordNothingIsShown() throws Exception {
    ApiBrowser stranger = new ApiBrowser(server.port());
    assertRefused(stranger.get("/api/incidents"), 401, "log in first");
    assertRefused(stranger.get("/api/areas"), 401, "log in first");
    assertRefused(
        stranger.post("/api/login", "{\"name\":\"ana\",\"password\":\"guess\"}"),
        401,
        "unknown user or wrong password");
    assertRefused(
        stranger.post("/api/login", "{\"name\":\"nobody\",\"password\":\"guess\"}"),
        401,
        "unknown user or wrong password");
    assertRefused(stranger.post("/api/login", "{\"name\":"), 400, "malformed JSON");
  }

  @Test
  void refusalsFromTheWebServerItselfAreJsonErrorsToo() throws Exception {
    ApiBrowser ana = new ApiBrowser(server.port());
    ana.login("ana", "ana-secret");
    // no such endpoint: Javalin's refusal, answered in the API's shape (was plain text)
    assertRefused(ana.get("/api/no-such-thing"), 404, "not found");
    // a path Jetty will not route (a NUL byte, an empty segment): Jetty's refusal (was HTML),
    // and it says it closes the connection, which it does
    for (String path : List.of("/api/incidents/%00", "/api/incidents//actions")) {
      HttpResponse<String> refused =
          ana.http.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Content-Type", "application/json")
                  .header(ConsoleServer.CSRF_HEADER, ana.csrf)
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(path).isIn(400, 404);
      assertThat(refused.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
      assertThat(json(refused).get("error").asText()).isNotBlank();
    }
  }

  @Test
  void anOperatorSeesTheQueueAndTheTimelineAndHisAcknowledgementGoesToControlAsHim()
      throws Exception {
    ApiBrowser otto = new ApiBrowser(server.port()).login("otto", "otto-secret");
    JsonNode queue = json(otto.get("/api/incidents"));
    assertThat(queue.findValuesAsText("incidentId")).contains(ID);
    publish(flood(2, Severity.SEVERE));
    // (other tests of this class publish later versions of the same incident, in any order)
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                json(otto.get("/api/incidents/" + ID))
                    .get("versions")
                    .findValuesAsText("version")
                    .contains("2"));
    JsonNode detail = json(otto.get("/api/incidents/" + ID));
    List<String> versions = detail.get("versions").findValuesAsText("version");
    assertThat(versions).startsWith("1", "2").isSorted();
    assertThat(detail.at("/incident/version").asText())
        .isEqualTo(versions.get(versions.size() - 1));

    HttpResponse<String> ack =
        otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"acknowledge\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
    String messageId = json(ack).get("messageId").asText();
    ControlMessage sent =
        TopicReader.readUntil(
                kafka.bootstrapServers(),
                Topics.CONTROL,
                records ->
                    records.stream()
                        .anyMatch(
                            r -> EventJson.readControl(r.value()).messageId().equals(messageId)),
                Duration.ofSeconds(20))
            .stream()
            .map(r -> EventJson.readControl(r.value()))
            .filter(m -> m.messageId().equals(messageId))
            .findFirst()
            .orElseThrow();
    assertThat(sent)
        .extracting(
            ControlMessage::incidentId,
            ControlMessage::action,
            ControlMessage::actor,
            ControlMessage::role)
        .containsExactly(
            ID, ControlMessage.Action.ACKNOWLEDGE, "otto", ControlMessage.Role.OPERATOR);
  }

  @Test
  void whatMustBeRefusedIsRefusedWithAReason() throws Exception {
    ApiBrowser otto = new ApiBrowser(server.port()).login("otto", "otto-secret");
    assertRefused(otto.get("/api/incidents/heavy_rain:nowhere:1"), 404, "no incident");
    assertRefused(
        otto.post("/api/incidents/heavy_rain:nowhere:1/actions", "{\"action\":\"acknowledge\"}"),
        404,
        "no incident 'heavy_rain:nowhere:1'");
    assertRefused(
        otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"approve_warning\"}"),
        403,
        "approving a public warning needs a supervisor; otto is operator");
    assertRefused(
        otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"dance\"}"),
        400,
        "malformed JSON");
    assertRefused(
        otto.post("/api/incidents/" + ID + "/actions", "{}"), 400, "an action is required");
    assertRefused(
        otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"assign\"}"), 400, "assignee");
    String csrf = otto.csrf;
    otto.csrf = null;
    assertRefused(
        otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"acknowledge\"}"),
        403,
        "X-CSRF-Token");
    otto.csrf = csrf;

    ApiBrowser vera = new ApiBrowser(server.port()).login("vera", "vera-secret");
    assertThat(vera.get("/api/incidents").statusCode()).isEqualTo(200);
    assertRefused(
        vera.post("/api/incidents/" + ID + "/actions", "{\"action\":\"acknowledge\"}"),
        403,
        "vera may watch but not act");

    ApiBrowser ana = new ApiBrowser(server.port()).login("ana", "ana-secret");
    HttpResponse<String> approve =
        ana.post("/api/incidents/" + ID + "/actions", "{\"action\":\"approve_warning\"}");
    assertThat(approve.statusCode()).as(approve.body()).isEqualTo(202);
  }

  @Test
  void anOperatorOpensAnIncidentByHandUnderAnIdThatNamesItsKind() throws Exception {
    ApiBrowser otto = new ApiBrowser(server.port()).login("otto", "otto-secret");
    HttpResponse<String> r =
        otto.post(
            "/api/incidents",
            "{\"type\":\"urban_flooding\",\"severity\":\"Moderate\",\"note\":\"a caller\","
                + "\"area\":{\"center\":{\"lat\":-22.91,\"lon\":-43.21},\"radiusM\":300}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(json(r).get("incidentId").asText()).startsWith("urban_flooding:manual:");
    assertRefused(
        otto.post("/api/incidents", "{\"type\":\"urban_flooding\",\"severity\":\"Moderate\"}"),
        400,
        "area");
  }

  @Test
  void theLiveFeedSendsEachNewVersionAsItComes() throws Exception {
    ApiBrowser otto = new ApiBrowser(server.port()).login("otto", "otto-secret");
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
    HttpResponse<java.io.InputStream> stream =
        otto.http.send(
            HttpRequest.newBuilder(uri("/api/events"))
                .header("Accept", "text/event-stream") // as a browser's EventSource asks
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.offer(line);
                }
              } catch (Exception e) {
                // the test ended the stream
              }
            });
    reader.setDaemon(true);
    reader.start();
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo(": connected");
    publish(flood(7, Severity.EXTREME));
    String event = null;
    String data = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && data == null) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line != null && line.startsWith("data: ") && "incident".equals(event)) {
        JsonNode v = EventJson.mapper().readTree(line.substring(6));
        if (v.get("version").asLong() == 7) {
          data = line;
        }
      }
    }
    assertThat(data).as("an incident event for version 7").isNotNull().contains("Extreme");
    stream.body().close();
  }

  /** Three neighbourhoods far from the other tests' sensors: squares of 0.01 degrees. */
  private static final org.cityops.console.residents.Neighbourhoods NEIGHBOURHOODS =
      new org.cityops.console.residents.Neighbourhoods(
          new org.cityops.geo.ZoneMap(
              List.of(
                  square("blind", "Blindtown", -23.00),
                  square("lit", "Littown", -23.01),
                  square("empty", "Emptyville", -23.02))));

  private static org.cityops.geo.Zone square(String id, String name, double south) {
    double west = -43.50;
    var f = new org.locationtech.jts.geom.GeometryFactory();
    return new org.cityops.geo.Zone(
        id,
        name,
        f.createPolygon(
            new org.locationtech.jts.geom.Coordinate[] {
              new org.locationtech.jts.geom.Coordinate(west, south),
              new org.locationtech.jts.geom.Coordinate(west + 0.01, south),
              new org.locationtech.jts.geom.Coordinate(west + 0.01, south + 0.01),
              new org.locationtech.jts.geom.Coordinate(west, south + 0.01),
              new org.locationtech.jts.geom.Coordinate(west, south)
            }));
  }

  @Test
  void aNeighbourhoodWhoseEverySensorIsSilentIsSaidToHaveNoData() throws Exception {
    Instant now = Instant.now();
    for (org.cityops.events.Reading r :
        List.of(
            org.cityops.events.Reading.rain(
                "gauge-blind", now.minusSeconds(40 * 60), new GeoPoint(-22.995, -43.495), 0.0),
            org.cityops.events.Reading.rain(
                "gauge-lit", now.minusSeconds(60), new GeoPoint(-23.005, -43.495), 0.2))) {
      producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
    }
    producer.flush();
    ApiBrowser vera = new ApiBrowser(server.port()).login("vera", "vera-secret");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> json(vera.get("/api/areas")).get(0).get("areaId").asText().equals("blind"));
    JsonNode areas = json(vera.get("/api/areas"));
    assertThat(areas).hasSize(3);
    assertThat(areas.get(0).get("name").asText()).isEqualTo("Blindtown");
    assertThat(areas.get(0).get("status").asText()).isEqualTo("NO_DATA");
    assertThat(areas.get(0).get("sensors").asInt()).isEqualTo(1);
    assertThat(areas.get(0).get("silentSeconds").asLong()).isBetween(40 * 60L, 42 * 60L);
    assertThat(areas.get(1).get("name").asText()).isEqualTo("Littown");
    assertThat(areas.get(1).get("status").asText()).isEqualTo("LIVE");
    assertThat(areas.get(2).get("name").asText()).isEqualTo("Emptyville");
    assertThat(areas.get(2).get("status").asText()).isEqualTo("NO_SENSORS");
  }

  @Test
  void aGaugeThatFellSilentIsFlaggedAndListedFirst() throws Exception {
    Instant now = Instant.now();
    GeoPoint p = new GeoPoint(-22.93, -43.22);
    for (org.cityops.events.Reading r :
        List.of(
            org.cityops.events.Reading.rain("gauge-fresh", now.minusSeconds(120), p, 1.2),
            org.cityops.events.Reading.rain("gauge-quiet", now.minusSeconds(50 * 60), p, 0.4),
            org.cityops.events.Reading.rain("gauge-fresh", now.minusSeconds(900), p, 3.0))) {
      producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
    }
    producer.flush();
    ApiBrowser vera = new ApiBrowser(server.port()).login("vera", "vera-secret");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> json(vera.get("/api/sensors")).findValuesAsText("sensorId").size() >= 2);
    JsonNode sensors = json(vera.get("/api/sensors"));
    assertThat(sensors.get(0).get("sensorId").asText()).isEqualTo("gauge-quiet");
    assertThat(sensors.get(0).get("stale").asBoolean()).isTrue();
    assertThat(sensors.get(0).get("silentSeconds").asLong()).isBetween(50 * 60L, 52 * 60L);
    assertThat(sensors.get(1).get("sensorId").asText()).isEqualTo("gauge-fresh");
    assertThat(sensors.get(1).get("stale").asBoolean()).isFalse();
    assertThat(sensors.get(1).get("value").asText())
        .isEqualTo("1.2 mm"); // the newest, not the last
  }

  @Test
  void residentsReportsAreListedAsTheyCameOnceEach() throws Exception {
    org.cityops.events.CitizenReport hostile =
        new org.cityops.events.CitizenReport(
            "rep-1",
            org.cityops.events.ReportCategory.FLOODING,
            Instant.now().minusSeconds(60),
            new GeoPoint(-22.91, -43.21),
            "<script>alert(1)</script> água na canela",
            null,
            "p-123");
    for (int i = 0; i < 2; i++) { // redelivered
      producer.send(
          new ProducerRecord<>(Topics.REPORTS, hostile.reportId(), EventJson.write(hostile)));
    }
    producer.flush();
    ApiBrowser vera = new ApiBrowser(server.port()).login("vera", "vera-secret");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> json(vera.get("/api/reports")).findValuesAsText("reportId").contains("rep-1"));
    JsonNode reports = json(vera.get("/api/reports"));
    assertThat(reports.findValuesAsText("reportId")).containsOnlyOnce("rep-1");
    assertThat(reports.get(0).get("text").asText())
        .isEqualTo("<script>alert(1)</script> água na canela");
  }

  @Test
  void unreadableRecordsAreCountedNotFatal() {
    assertThat(feed.unreadable()).isGreaterThanOrEqualTo(1);
    assertThat(board.latest(ID)).isPresent();
  }
}
