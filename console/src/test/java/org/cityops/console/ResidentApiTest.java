package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.board.KafkaFeed;
import org.cityops.console.residents.ResidentTokens;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.CapAlert;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.IncidentType;
import org.cityops.events.RouteAdvice;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The residents' API against a real Kafka: subscribing gives a private token and puts a
 * subscription under an opaque id on {@code city.subscriptions}; only the token changes or ends it;
 * the warnings in force at a point are those whose area holds it; the CAP Atom feed links each
 * warning's CAP XML. Bad input gets a 4xx with a reason.
 */
class ResidentApiTest {
  private static EmbeddedKafkaBroker kafka;
  private static KafkaFeed feed;
  private static Publisher publisher;
  private static ConsoleServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Barra: a warning 2 km around it. */
  private static final String BARRA = "-23.00800,-43.29900 2.000";

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
            Topics.READINGS,
            Topics.SUBSCRIPTIONS,
            Topics.ROUTE_ADVICE));
    Board board = new Board();
    feed = new KafkaFeed(kafka.bootstrapServers(), Map.of(), board).start();
    publisher = new Publisher(kafka.bootstrapServers(), Map.of());
    server =
        new ConsoleServer(
                board,
                Users.parse(List.of(), "none"),
                publisher,
                Clock.systemUTC(),
                org.cityops.console.residents.Neighbourhoods.read(
                    org.cityops.embedded.SharedData.data("rio/neighbourhoods.geojson"),
                    "id_bairro",
                    "nome"))
            .start("127.0.0.1", 0);
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (CapAlert a :
          List.of(
              alert(
                  "heavy_rain:barra:1", 1, CapAlert.MsgType.Alert, BARRA, "Chuva <forte> & vento"),
              alert(
                  "heavy_rain:centro:1",
                  1,
                  CapAlert.MsgType.Alert,
                  "-22.90600,-43.17600 1.000",
                  "Chuva no Centro"),
              alert("landslide_risk:z:1", 1, CapAlert.MsgType.Alert, BARRA, "Risco"),
              alert("landslide_risk:z:1", 2, CapAlert.MsgType.Cancel, BARRA, "Risco"))) {
        producer.send(new ProducerRecord<>(Topics.ALERTS, a.incidentId(), EventJson.write(a)));
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> board.warningsInForce().size() == 2);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    feed.close();
    publisher.close();
  }

  static CapAlert alert(
      String incident, long version, CapAlert.MsgType type, String circle, String headline) {
    return new CapAlert(
        incident + ":v" + version,
        "cor.rio",
        "2026-11-28T19:15:00-03:00",
        CapAlert.Status.Actual,
        type,
        CapAlert.Scope.Public,
        version == 1 ? List.of() : List.of("cor.rio," + incident + ":v1,2026-11-28T19:15:00-03:00"),
        incident,
        version,
        IncidentType.HEAVY_RAIN,
        List.of(
            new CapAlert.Info(
                "pt-BR",
                List.of(CapAlert.Category.Met),
                "Chuva forte",
                List.of(CapAlert.ResponseType.Prepare),
                CapAlert.Urgency.Expected,
                Severity.MODERATE,
                CapAlert.Certainty.Observed,
                "2026-11-28T19:15:00-03:00",
                null,
                "COR",
                headline,
                "rain_1h_mm 30.0 mm",
                "Evite deslocamentos.",
                List.of(new CapAlert.Area("area", List.of(), List.of(circle))))));
  }

  private static HttpResponse<String> call(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return EventJson.mapper().readTree(r.body());
  }

  private static final String HOME =
      "{\"places\":[{\"name\":\"home\",\"center\":{\"lat\":-23.0,\"lon\":-43.3},\"radiusM\":300}]}";

  @Test
  void aResidentSubscribesWithoutAnAccountAndOnlyTheTokenEndsIt() throws Exception {
    HttpResponse<String> r = call("POST", "/api/residents/subscriptions", HOME, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String token = json(r).get("token").asText();
    String residentId = json(r).get("residentId").asText();
    assertThat(residentId).isEqualTo(ResidentTokens.residentId(token)).doesNotContain(token);

    assertThat(call("DELETE", "/api/residents/subscriptions", null, null).statusCode())
        .isEqualTo(401);
    assertThat(
            call("DELETE", "/api/residents/subscriptions", null, ResidentTokens.newToken() + "x")
                .statusCode())
        .isEqualTo(401);
    assertThat(call("DELETE", "/api/residents/subscriptions", null, token).statusCode())
        .isEqualTo(204);

    List<Subscription> sent =
        TopicReader.readUntil(
                kafka.bootstrapServers(),
                Topics.SUBSCRIPTIONS,
                records -> records.stream().filter(x -> x.key().equals(residentId)).count() >= 2,
                Duration.ofSeconds(20))
            .stream()
            .filter(x -> x.key().equals(residentId))
            .map(x -> EventJson.readSubscription(x.value()))
            .toList();
    assertThat(sent).extracting(Subscription::active).containsExactly(true, false);
    assertThat(sent.get(0).places()).extracting(Subscription.Place::name).containsExactly("home");
  }

  @Test
  void aResidentSubscribesANeighbourhoodByNameAndGetsItsOutline() throws Exception {
    JsonNode list = json(call("GET", "/api/residents/neighbourhoods", null, null));
    assertThat(list).hasSize(164);
    assertThat(list.findValuesAsText("name")).contains("Tijuca", "Copacabana");
    HttpResponse<String> r =
        call(
            "POST",
            "/api/residents/subscriptions",
            "{\"places\":[{\"neighbourhood\":\"tijuca\"}]}",
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String residentId = json(r).get("residentId").asText();
    Subscription s = SentSubscriptions.first(kafka.bootstrapServers(), residentId);
    Subscription.Place tijuca = s.places().get(0);
    assertThat(tijuca.neighbourhood()).isEqualTo("Tijuca");
    assertThat(tijuca.outline().size()).isBetween(4, Subscription.MAX_OUTLINE_POINTS);
    assertThat(tijuca.outline().get(0))
        .isEqualTo(tijuca.outline().get(tijuca.outline().size() - 1));
    // the circle holds the whole outline
    assertThat(tijuca.outline())
        .allMatch(p -> tijuca.center().distanceMetresTo(p) <= tijuca.radiusM());
    assertThat(tijuca.radiusM()).isBetween(1_000.0, 10_000.0);

    HttpResponse<String> unknown =
        call(
            "POST",
            "/api/residents/subscriptions",
            "{\"places\":[{\"neighbourhood\":\"Atlantis\"}]}",
            null);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("error").asText())
        .isEqualTo("no neighbourhood 'Atlantis'; GET /api/residents/neighbourhoods lists them");
  }

  @Test
  void aCommuterSubscribesATripAndReadsTheRouteAdviceForIt() throws Exception {
    String commute =
        "{\"commutes\":[{\"name\":\"trabalho\",\"origin\":{\"lat\":-22.93,\"lon\":-43.30},"
            + "\"destination\":{\"lat\":-22.93,\"lon\":-43.25},\"from\":\"07:00\",\"to\":\"09:00\"}]}";
    HttpResponse<String> r = call("POST", "/api/residents/subscriptions", commute, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String token = json(r).get("token").asText();
    String residentId = json(r).get("residentId").asText();
    Subscription sent = SentSubscriptions.first(kafka.bootstrapServers(), residentId);
    assertThat(sent.places()).isEmpty();
    assertThat(sent.commutes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("trabalho");
              assertThat(c.from()).isEqualTo("07:00");
            });
    assertThat(json(call("GET", "/api/residents/routes", null, token))).isEmpty();

    // the alerts job's advice for that commute, then a newer one
    Instant at = Instant.parse("2026-03-02T11:00:00Z");
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (RouteAdvice a :
          List.of(
              advice(residentId, RouteAdvice.Reason.BLOCKED, at, "Via bloqueada <b>"),
              advice(residentId, RouteAdvice.Reason.CLEARED, at.plusSeconds(900), "Livre"))) {
        producer.send(new ProducerRecord<>(Topics.ROUTE_ADVICE, residentId, EventJson.write(a)));
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                json(call("GET", "/api/residents/routes", null, token))
                    .findValuesAsText("reason")
                    .contains("CLEARED"));
    JsonNode routes = json(call("GET", "/api/residents/routes", null, token));
    assertThat(routes).hasSize(1);
    assertThat(routes.get(0).get("message").asText()).isEqualTo("Livre");
    assertThat(routes.get(0).get("route")).hasSize(2);
    // another resident's token sees nothing of it, and no token is refused
    assertThat(json(call("GET", "/api/residents/routes", null, ResidentTokens.newToken())))
        .isEmpty();
    assertThat(call("GET", "/api/residents/routes", null, null).statusCode()).isEqualTo(401);

    HttpResponse<String> badHours =
        call("POST", "/api/residents/subscriptions", commute.replace("07:00", "7am"), null);
    assertThat(badHours.statusCode()).isEqualTo(400);
    assertThat(json(badHours).get("error").asText()).contains("commutes[0].from");
  }

  private static RouteAdvice advice(
      String residentId, RouteAdvice.Reason reason, Instant at, String message) {
    return new RouteAdvice(
        residentId,
        "trabalho",
        "traffic_incident:a>b:1",
        reason == RouteAdvice.Reason.CLEARED ? 2 : 1,
        reason,
        message,
        List.of(new GeoPoint(-22.93, -43.30), new GeoPoint(-22.93, -43.25)),
        5_100,
        540L,
        420L,
        null,
        List.of("101:59-60"),
        at);
  }

  @Test
  void theCitysOutlinesComeAsGeoJsonForMapsWithoutTiles() throws Exception {
    HttpResponse<String> r = call("GET", "/api/residents/outlines", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
    JsonNode collection = json(r);
    assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(collection.get("features")).hasSize(164);
    JsonNode tijuca = null;
    for (JsonNode f : collection.get("features")) {
      assertThat(f.at("/properties/kind").asText()).isEqualTo("neighbourhood");
      assertThat(f.at("/geometry/type").asText()).isEqualTo("Polygon");
      if (f.at("/properties/name").asText().equals("Tijuca")) {
        tijuca = f;
      }
    }
    // a closed ring of [lon, lat] in Rio
    JsonNode ring = tijuca.at("/geometry/coordinates/0");
    assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
    assertThat(ring.get(0).get(0).asDouble()).isBetween(-43.8, -43.1);
    assertThat(ring.get(0).get(1).asDouble()).isBetween(-23.1, -22.7);
  }

  @Test
  void badSubscriptionsAreRefusedWithAReason() throws Exception {
    HttpResponse<String> none = call("POST", "/api/residents/subscriptions", "{}", null);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(json(none).get("error").asText()).contains("at least one place");
    assertThat(json(none).get("error").asText()).contains("or commute");
    HttpResponse<String> far =
        call(
            "POST",
            "/api/residents/subscriptions",
            HOME.replace("\"radiusM\":300", "\"radiusM\":90000"),
            null);
    assertThat(far.statusCode()).isEqualTo(400);
    assertThat(json(far).get("error").asText()).contains("radiusM");
    HttpResponse<String> broken =
        call("POST", "/api/residents/subscriptions", "{\"places\":", null);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json(broken).get("error").asText()).contains("malformed JSON");
    HttpResponse<String> nowhere = call("GET", "/api/residents/warnings?lat=95&lon=0", null, null);
    assertThat(nowhere.statusCode()).isEqualTo(400);
    assertThat(call("GET", "/api/residents/warnings?lat=x", null, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void theWarningsInForceAtAPointAreThoseWhoseAreaHoldsIt() throws Exception {
    JsonNode barra = json(call("GET", "/api/residents/warnings?lat=-23.0&lon=-43.3", null, null));
    assertThat(barra.findValuesAsText("identifier")).containsExactly("heavy_rain:barra:1:v1");
    assertThat(barra.get(0).get("instruction").asText()).isEqualTo("Evite deslocamentos.");
    JsonNode elsewhere =
        json(call("GET", "/api/residents/warnings?lat=-22.80&lon=-43.60", null, null));
    assertThat(elsewhere).isEmpty();
  }

  @Test
  void theAtomFeedListsTheWarningsInForceEscapedAndLinksTheirCap() throws Exception {
    HttpResponse<String> atom = call("GET", "/api/residents/cap.atom", null, null);
    assertThat(atom.statusCode()).isEqualTo(200);
    assertThat(atom.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/atom+xml");
    assertThat(atom.body())
        .contains("<title>Chuva &lt;forte&gt; &amp; vento</title>")
        .contains("href=\"/api/residents/cap/heavy_rain:centro:1:v1.xml\"")
        .doesNotContain("landslide_risk"); // cancelled
    HttpResponse<String> cap =
        call("GET", "/api/residents/cap/heavy_rain:barra:1:v1.xml", null, null);
    assertThat(cap.statusCode()).isEqualTo(200);
    assertThat(cap.body())
        .contains("urn:oasis:names:tc:emergency:cap:1.2")
        .contains("<identifier>heavy_rain:barra:1:v1</identifier>");
    assertThat(call("GET", "/api/residents/cap/nothing.xml", null, null).statusCode())
        .isEqualTo(404);
  }
}
