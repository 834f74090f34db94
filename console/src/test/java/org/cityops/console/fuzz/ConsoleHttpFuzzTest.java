package org.cityops.console.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cityops.console.ConsoleServer;
import org.cityops.console.Publisher;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.events.Area;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.events.Topics;

/**
 * Any request to any of the console's endpoints that take input (login, operators' actions and
 * hand-opened incidents, an incident by id, residents' subscriptions, warnings at a point, routes,
 * a CAP message by identifier), with any path parameter, query, body and token, from a logged-in
 * supervisor or from nobody: the answer is never a 5xx, and a refusal is a JSON object whose {@code
 * error} says why. The server is real (Javalin on a port) and so is the Kafka its accepted actions
 * go to. Plain runs replay the saved inputs; {@code ./fuzz.sh} fuzzes.
 */
class ConsoleHttpFuzzTest {
  private static final String KNOWN_INCIDENT = "urban_flooding:12-7:1795900000";
  private static final String[] CONTENT_TYPES = {"application/json", "text/plain", ""};

  private static ConsoleServer server;
  private static HttpClient http;
  private static String cookie;
  private static String csrf;

  private record Endpoint(String method, String path, boolean operator) {}

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("POST", "/api/login", false),
          new Endpoint("POST", "/api/incidents/{}/actions", true),
          new Endpoint("POST", "/api/incidents", true),
          new Endpoint("GET", "/api/incidents/{}", true),
          new Endpoint("POST", "/api/residents/subscriptions", false),
          new Endpoint("PUT", "/api/residents/subscriptions", false),
          new Endpoint("DELETE", "/api/residents/subscriptions", false),
          new Endpoint("GET", "/api/residents/warnings", false),
          new Endpoint("GET", "/api/residents/routes", false),
          new Endpoint("GET", "/api/residents/cap/{}", false),
          new Endpoint("POST", "/api/rules", true));

  private static synchronized void start() throws Exception {
    if (server != null) {
      return;
    }
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.CONTROL, Topics.SUBSCRIPTIONS));
    Users users =
        Users.parse(List.of("ana:supervisor:" + Users.hash("ana-secret")), "fuzz accounts");
    Board board = new Board();
    Instant t0 = Instant.parse("2026-11-28T21:00:00Z");
    board.take(
        new Incident(
            KNOWN_INCIDENT,
            IncidentType.URBAN_FLOODING,
            new Area(new GeoPoint(-22.9115, -43.213), 500, null),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(new Evidence("reporters", KNOWN_INCIDENT, t0, 3, null)),
            1,
            t0,
            t0,
            null));
    server =
        new ConsoleServer(
                board, users, new Publisher(kafka.bootstrapServers(), Map.of()), Clock.systemUTC())
            .start("127.0.0.1", 0);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(uri("/api/login"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"ana\",\"password\":\"ana-secret\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    csrf = EventJson.mapper().readTree(login.body()).get("csrfToken").asText();
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  @FuzzTest(maxDuration = "30s")
  void everyRequestIsAnsweredOrRefusedWithAReasonNeverA5xx(FuzzedDataProvider data)
      throws Exception {
    // the console, and the Kafka it sends accepted actions to, are on this machine; any other
    // destination would be a request forgery, which Jazzer's detector still reports
    BugDetectors.allowNetworkConnections(
        (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    start();
    Endpoint endpoint = data.pickValue(ENDPOINTS);
    boolean loggedIn = data.consumeBoolean();
    String parameter = URLEncoder.encode(data.consumeString(200), StandardCharsets.UTF_8);
    if (data.consumeBoolean()) {
      parameter = KNOWN_INCIDENT;
    }
    String query =
        "?lat="
            + URLEncoder.encode(data.consumeString(30), StandardCharsets.UTF_8)
            + "&lon="
            + URLEncoder.encode(data.consumeString(30), StandardCharsets.UTF_8);
    String bearer = printableAscii(data.consumeString(80));
    String contentType = data.pickValue(CONTENT_TYPES);
    byte[] body = data.consumeRemainingAsBytes();

    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(endpoint.path().replace("{}", parameter) + query))
            .timeout(Duration.ofSeconds(10))
            .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    if (!bearer.isEmpty()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (loggedIn) {
      request.header("Cookie", cookie).header(ConsoleServer.CSRF_HEADER, csrf);
    }
    HttpRequest sent = request.build();
    HttpResponse<String> answer;
    try {
      answer = http.send(sent, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException closedUnderIt) {
      // A connection the server had closed (after refusing an earlier request on it, or idle)
      // fails the request sent on it before the server sees it; HTTP/1.1 clients send it again
      // on a new connection, and the server must answer that.
      HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try {
        answer = fresh.send(sent, HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException noAnswer) {
        throw new AssertionError(
            "no answer to " + sent + " " + sent.headers().map() + " with " + body.length + " bytes",
            noAnswer);
      }
    }

    assertThat(answer.statusCode())
        .as("%s %s answered %s", endpoint.method(), endpoint.path(), answer.body())
        .isLessThan(500);
    if (answer.statusCode() >= 400) {
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .as("%d %s", answer.statusCode(), answer.body())
          .startsWith("application/json");
      JsonNode error = EventJson.mapper().readTree(answer.body());
      assertThat(error.path("error").asText()).as(answer.body()).isNotBlank();
    }
    if (endpoint.operator() && !loggedIn) {
      // 401 from the console, or 400 from Jetty for a request it cannot route at all
      assertThat(answer.statusCode()).as(answer.body()).isIn(400, 401);
    }
  }

  /** Header values must be visible ASCII; anything else the HTTP client itself refuses. */
  private static String printableAscii(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().filter(c -> c > 32 && c < 127).forEach(out::appendCodePoint);
    return out.toString();
  }
}
