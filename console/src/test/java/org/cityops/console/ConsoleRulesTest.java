package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.cityops.console.audit.AuditLog;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.rules.RulePushRequest;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.ControlRecords;
import org.cityops.events.EventJson;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule pushes through the console, against the real console and Kafka: an engineer's or a
 * supervisor's new rule versions reach {@code city.control} keyed by rule id, stamped with who
 * pushed them (as the console knows them, whatever the request says) and when; operators and
 * viewers are refused; a push with one bad change is refused whole, naming the change and field;
 * every push, accepted or not, is in the audit log.
 */
class ConsoleRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T15:00:00Z");
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void topics() {
    kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.CONTROL));
  }

  private static String change(String ruleId, int version, String from, String thresholds) {
    return "{\"ruleId\":\""
        + ruleId
        + "\",\"version\":"
        + version
        + ",\"effectiveFrom\":\""
        + from
        + "\","
        + thresholds
        + "}";
  }

  private static String heavy(String ruleId, int version, String from) {
    return change(
        ruleId,
        version,
        from,
        "\"detector\":\"heavy_rain\",\"moderateMm\":5,\"strongMm\":30,\"veryStrongMm\":50");
  }

  private static String siren(String ruleId, int version, String from) {
    return change(
        ruleId, version, from, "\"detector\":\"siren_level\",\"hourMm\":45,\"dayMm\":125");
  }

  /** A water-level rule naming {@code stations} stations, each with its own stages. */
  private static String water(String ruleId, int stations, String from) {
    String list =
        java.util.stream.IntStream.range(0, stations)
            .mapToObj(
                i ->
                    "{\"stationId\":\"river-"
                        + i
                        + "\",\"attentionM\":1.5,\"alertM\":2.5,\"floodM\":3.5}")
            .collect(java.util.stream.Collectors.joining(","));
    return change(
        ruleId,
        1,
        from,
        "\"detector\":\"water_level\",\"water\":{\"attentionM\":2.5,\"alertM\":3.5,"
            + "\"floodM\":4.5,\"riseM\":0.5,\"stations\":["
            + list
            + "]}");
  }

  private static String push(String... changes) {
    return "{\"changes\":[" + String.join(",", changes) + "]}";
  }

  private static List<RainRuleChange> sent(String ruleId, int count) {
    return TopicReader.valuesWithKey(
            kafka.bootstrapServers(), Topics.CONTROL, ruleId, count, Duration.ofSeconds(20))
        .stream()
        .peek(v -> assertThat(ControlRecords.isRuleChange(v)).isTrue())
        .map(EventJson::readRainRuleChange)
        .toList();
  }

  @Test
  void engineersAndSupervisorsPushRulesStampedWithWhoTheConsoleKnows(@TempDir Path dir)
      throws Exception {
    Users users =
        Users.parse(
            List.of(
                "eli:engineer:" + Users.hash("eli-secret"),
                "ana:supervisor:" + Users.hash("ana-secret"),
                "otto:operator:" + Users.hash("otto-secret"),
                "vera:viewer:" + Users.hash("vera-secret")),
            "test");
    Path file = dir.resolve("audit.log");
    AuditLog audit = AuditLog.open(file);
    try (Publisher control = new Publisher(kafka.bootstrapServers(), Map.of());
        ConsoleServer server =
            new ConsoleServer(
                    new Board(),
                    users,
                    control,
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    null,
                    null,
                    audit)
                .start("127.0.0.1", 0)) {
      int port = server.port();
      ApiBrowser eli = new ApiBrowser(port).login("eli", "eli-secret");
      // the request claims another pusher and time: the console says who and when
      String forged =
          heavy("push-heavy", 4, "2026-11-29T16:00:00Z")
              .replace(
                  "}", ",\"pushedBy\":\"somebody-else\",\"pushedAt\":\"2020-01-01T00:00:00Z\"}");
      HttpResponse<String> pushed =
          eli.post("/api/rules", push(forged, siren("push-siren", 2, "2026-11-29T15:00:00Z")));
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
      assertThat(ApiBrowser.json(pushed).get("pushedBy").asText()).isEqualTo("eli");
      assertThat(ApiBrowser.json(pushed).get("pushed")).hasSize(2);

      RainRuleChange heavy = sent("push-heavy", 1).get(0);
      assertThat(heavy)
          .isEqualTo(
              new RainRuleChange(
                  "push-heavy",
                  4,
                  RainRuleChange.Detector.HEAVY_RAIN,
                  Instant.parse("2026-11-29T16:00:00Z"),
                  "eli",
                  NOW,
                  5.0,
                  30.0,
                  50.0,
                  null,
                  null));
      assertThat(sent("push-siren", 1).get(0).hourMm()).isEqualTo(45.0);

      // a supervisor may too; an operator and a viewer may not, and nothing is sent for them
      ApiBrowser ana = new ApiBrowser(port).login("ana", "ana-secret");
      assertThat(ana.post("/api/rules", push(heavy("push-heavy", 5, NOW.toString()))).statusCode())
          .isEqualTo(202);
      ApiBrowser otto = new ApiBrowser(port).login("otto", "otto-secret");
      HttpResponse<String> refused =
          otto.post("/api/rules", push(heavy("push-heavy", 6, NOW.toString())));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(ApiBrowser.json(refused).get("error").asText())
          .isEqualTo("pushing detection rules needs an engineer or a supervisor; otto is operator");
      ApiBrowser vera = new ApiBrowser(port).login("vera", "vera-secret");
      assertThat(vera.post("/api/rules", push(heavy("push-heavy", 6, NOW.toString()))).statusCode())
          .isEqualTo(403);
      // nor may an engineer act on incidents
      assertThat(eli.post("/api/incidents/x/actions", "{\"action\":\"acknowledge\"}").statusCode())
          .isEqualTo(403);
      // the engineer's next version comes right after the supervisor's: nothing in between
      assertThat(eli.post("/api/rules", push(heavy("push-heavy", 7, NOW.toString()))).statusCode())
          .isEqualTo(202);
      assertThat(sent("push-heavy", 3).stream().map(RainRuleChange::version).toList())
          .containsExactly(4L, 5L, 7L);
    }
    List<AuditLog.Entry> entries = audit.recent(50);
    audit.close();
    assertThat(AuditLog.verify(file).sound()).isTrue();
    List<String> pushes =
        entries.stream()
            .filter(e -> "rules.push".equals(e.action()))
            .map(e -> e.actor() + " " + e.status() + " " + e.target() + " " + e.detail())
            .toList();
    System.out.println("rule pushes in the audit:\n  " + String.join("\n  ", pushes));
    assertThat(pushes)
        .containsExactly(
            "eli 202 push-heavy,push-siren sent push-heavy v4 from 2026-11-29T16:00:00Z,"
                + " push-siren v2 from 2026-11-29T15:00:00Z",
            "ana 202 push-heavy sent push-heavy v5 from 2026-11-29T15:00:00Z",
            "otto 403 null pushing detection rules needs an engineer or a supervisor; otto is"
                + " operator",
            "vera 403 null pushing detection rules needs an engineer or a supervisor; vera is"
                + " viewer",
            "eli 202 push-heavy sent push-heavy v7 from 2026-11-29T15:00:00Z");
  }

  @Test
  void aPushWithOneBadChangeIsRefusedWholeNamingTheChangeAndField() throws Exception {
    Users users =
        Users.parse(
            List.of(
                "eli:engineer:" + Users.hash("eli-secret"),
                "ana:supervisor:" + Users.hash("ana-secret")),
            "test");
    try (Publisher control = new Publisher(kafka.bootstrapServers(), Map.of());
        ConsoleServer server =
            new ConsoleServer(new Board(), users, control, Clock.fixed(NOW, ZoneOffset.UTC))
                .start("127.0.0.1", 0)) {
      ApiBrowser eli = new ApiBrowser(server.port()).login("eli", "eli-secret");
      String now = NOW.toString();
      Map<String, String> refusals =
          new java.util.LinkedHashMap<>(
              Map.of(
                  // a good first change, a bad second: neither is sent
                  push(
                      heavy("bad-push-good", 1, now),
                      change(
                          "bad-push-bad",
                          1,
                          now,
                          "\"detector\":\"heavy_rain\",\"moderateMm\":5,\"strongMm\":2,\"veryStrongMm\":50")),
                  "changes[1]: field 'strongMm' must be above moderateMm",
                  push(heavy("bad-push-twice", 1, now), heavy("bad-push-twice", 2, now)),
                  "changes[1].ruleId: rule 'bad-push-twice' appears twice in one push",
                  push(heavy("bad-push-old", 1, "2026-11-27T15:00:00Z")),
                  "changes[0].effectiveFrom: 2026-11-27T15:00:00Z is more than 24 h ago; sums"
                      + " already judged are not judged again (backtest to see what the rule would"
                      + " have done)",
                  push(heavy("bad-push-far", 1, "2028-01-01T00:00:00Z")),
                  "changes[0].effectiveFrom: 2028-01-01T00:00:00Z is more than 366 days ahead",
                  push(heavy("Bad Id", 1, now)),
                  "changes[0]: field 'ruleId' must be 1-64 lower-case letters, digits or -",
                  push(siren("bad-push-zero", 0, now)),
                  "changes[0]: field 'version' must be 1 or more",
                  push(
                      change(
                          "bad-push-nan",
                          1,
                          now,
                          "\"detector\":\"siren_level\",\"hourMm\":-1,\"dayMm\":125")),
                  "changes[0]: field 'hourMm' must be in (0, 5000] mm",
                  "{\"changes\":[]}",
                  "changes: at least one rule change is required",
                  "{\"changes\":[null]}",
                  "changes[0]: is null"));
      refusals.put("null", "the body must be a JSON object");
      refusals.put("", "the body must be a JSON object");
      String many =
          push(
              java.util.stream.IntStream.range(0, RulePushRequest.MAX_CHANGES + 1)
                  .mapToObj(i -> heavy("bad-push-many-" + i, 1, now))
                  .toArray(String[]::new));
      refusals.put(many, "changes: at most 20 in one push, was 21");
      refusals.put(
          push(water("bad-push-rivers", RainRuleChange.MAX_STATIONS + 1, now)),
          "changes[0]: field 'water.stations' must name at most 2000 stations");
      refusals.put(
          push(
              change(
                  "bad-push-streets",
                  1,
                  now,
                  "\"detector\":\"urban_flooding\",\"flooding\":{\"minReporters\":0,\"strongRainMm\":25}")),
          "changes[0]: field 'flooding.minReporters' must be in [1, 1000]");
      for (Map.Entry<String, String> r : refusals.entrySet()) {
        HttpResponse<String> answer = eli.post("/api/rules", r.getKey());
        assertThat(answer.statusCode()).as(r.getKey()).isEqualTo(400);
        assertThat(ApiBrowser.json(answer).get("error").asText()).isEqualTo(r.getValue());
      }
      // malformed and hostile bodies get a reason too
      for (String body :
          List.of(
              "{\"changes\":",
              "{\"changes\":[{\"ruleId\":\"x\",\"version\":\"one\"}]}",
              "{\"changes\":[{\"detector\":\"hail\"}]}",
              "{\"changes\":" + "[".repeat(100) + "]".repeat(100) + "}")) {
        HttpResponse<String> answer = eli.post("/api/rules", body);
        assertThat(answer.statusCode()).as(body).isEqualTo(400);
        assertThat(ApiBrowser.json(answer).get("error").asText()).as(body).isNotBlank();
      }
      // JSON null as the body of any endpoint was a 500 (Javalin's bodyAsClass cannot be null)
      ApiBrowser ana = new ApiBrowser(server.port()).login("ana", "ana-secret");
      for (String path :
          List.of("/api/login", "/api/incidents", "/api/incidents/x/actions", "/api/rules")) {
        HttpResponse<String> answer = ana.post(path, "null");
        assertThat(answer.statusCode()).as(path).isEqualTo(400);
        assertThat(ApiBrowser.json(answer).get("error").asText())
            .isEqualTo("the body must be a JSON object");
      }
      // without the CSRF token, or logged out: refused before anything is read
      String good = push(heavy("bad-push-csrf", 1, now));
      eli.csrf = null;
      assertThat(eli.post("/api/rules", good).statusCode()).isEqualTo(403);
      assertThat(new ApiBrowser(server.port()).post("/api/rules", good).statusCode())
          .isEqualTo(401);
      // the most stations a water-level rule may name (about 190 kB) go through whole
      HttpResponse<String> rivers =
          ana.post("/api/rules", push(water("push-rivers", RainRuleChange.MAX_STATIONS, now)));
      assertThat(rivers.statusCode()).as(rivers.body()).isEqualTo(202);
      RainRuleChange.WaterLevels sentWater = sent("push-rivers", 1).get(0).water();
      assertThat(sentWater.stations()).hasSize(RainRuleChange.MAX_STATIONS);
      assertThat(sentWater.stations().get(RainRuleChange.MAX_STATIONS - 1))
          .isEqualTo(new RainRuleChange.StationStages("river-1999", 1.5, 2.5, 3.5));
    }
    // the last good push of the other test went through the same topic; none of these did
    List<String> ids =
        TopicReader.readAll(kafka.bootstrapServers(), Topics.CONTROL, Duration.ofSeconds(5))
            .stream()
            .map(r -> r.key())
            .filter(k -> k != null && k.startsWith("bad-push"))
            .toList();
    assertThat(ids).isEmpty();
  }
}
