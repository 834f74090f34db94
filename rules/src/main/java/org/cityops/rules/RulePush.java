package org.cityops.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.events.EventJson;
import org.cityops.events.RainRuleChange;

/**
 * Turns a checked rule set into the contract's rule changes and pushes them through the operators'
 * console, which alone may write {@code city.control}: the tool logs in as an engineer (or a
 * supervisor), posts the changes to {@code POST /api/rules}, and logs out. The console stamps them
 * with the logged-in name and its own time, audits the push and answers only once Kafka has every
 * change; it refuses the push whole when one change is invalid.
 */
public final class RulePush {
  private RulePush() {}

  /** The console refused the push, or could not be reached; the message says why. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * One change per rule of {@code rules} (heavy rain, siren level, then landslide risk, water
   * level, urban flooding, traffic incidents, congestion, accident reports and disease hotspots
   * when the file has them), in force from {@code effectiveFrom}. Every job reading {@code
   * city.control} takes its own detectors' changes.
   */
  public static List<RainRuleChange> changes(
      CityRuleSet rules, Instant effectiveFrom, String pushedBy, Instant pushedAt) {
    CityRuleSet.HeavyRain h = rules.heavyRain();
    CityRuleSet.SirenLevel s = rules.sirenLevel();
    List<RainRuleChange> changes = new ArrayList<>();
    changes.add(
        new RainRuleChange(
                h.id(),
                h.version(),
                RainRuleChange.Detector.HEAVY_RAIN,
                effectiveFrom,
                pushedBy,
                pushedAt,
                h.moderateMm(),
                h.strongMm(),
                h.veryStrongMm(),
                null,
                null)
            .validate());
    changes.add(
        new RainRuleChange(
                s.id(),
                s.version(),
                RainRuleChange.Detector.SIREN_LEVEL,
                effectiveFrom,
                pushedBy,
                pushedAt,
                null,
                null,
                null,
                s.hourMm(),
                s.dayMm())
            .validate());
    rules
        .landslide()
        .ifPresent(
            l ->
                changes.add(
                    RainRuleChange.landslide(
                            l.id(),
                            l.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.LandslideLevels(
                                bounds(l.medium()), bounds(l.high()), bounds(l.veryHigh())))
                        .validate()));
    rules
        .water()
        .ifPresent(
            w ->
                changes.add(
                    RainRuleChange.waterLevel(
                            w.id(),
                            w.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.WaterLevels(
                                w.defaults().attentionM(),
                                w.defaults().alertM(),
                                w.defaults().floodM(),
                                w.riseM(),
                                w.stations().entrySet().stream()
                                    .map(
                                        e ->
                                            new RainRuleChange.StationStages(
                                                e.getKey(),
                                                e.getValue().attentionM(),
                                                e.getValue().alertM(),
                                                e.getValue().floodM()))
                                    .toList()))
                        .validate()));
    rules
        .flooding()
        .ifPresent(
            f ->
                changes.add(
                    RainRuleChange.urbanFlooding(
                            f.id(),
                            f.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.UrbanFlooding(f.minReporters(), f.strongRainMm()))
                        .validate()));
    rules
        .traffic()
        .ifPresent(
            t ->
                changes.add(
                    RainRuleChange.trafficIncident(
                            t.id(),
                            t.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.California(
                                t.occupancyDifference(),
                                t.relativeDifference(),
                                t.downstreamDrop(),
                                t.compressionWave(),
                                t.speedDrop()))
                        .validate()));
    rules
        .congestionLevels()
        .ifPresent(
            c ->
                changes.add(
                    RainRuleChange.congestion(
                            c.id(),
                            c.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.CongestionLevels(
                                c.slowBelow(), c.congestedBelow(), c.standstillBelow()))
                        .validate()));
    rules
        .accidents()
        .ifPresent(
            a ->
                changes.add(
                    RainRuleChange.accidentReports(
                            a.id(),
                            a.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.AccidentReports(a.minReporters()))
                        .validate()));
    rules
        .disease()
        .ifPresent(
            d ->
                changes.add(
                    RainRuleChange.diseaseHotspot(
                            d.id(),
                            d.version(),
                            effectiveFrom,
                            pushedBy,
                            pushedAt,
                            new RainRuleChange.DiseaseLevels(
                                d.warmAboveC(),
                                d.preEpidemicPer100k(),
                                d.epidemicPer100k(),
                                d.growthProbability(),
                                d.minCasesRed()))
                        .validate()));
    return List.copyOf(changes);
  }

  private static RainRuleChange.Bounds bounds(CityRuleSet.Bounds b) {
    return new RainRuleChange.Bounds(b.hourMm(), b.dayMm(), b.fourDaysMm());
  }

  /**
   * Pushes {@code changes} through the console at {@code console} as {@code user}.
   *
   * @return the changes as the console sent them (who pushed them is the console's to say)
   * @throws Refused with the console's own reason (wrong password, not allowed, invalid change,
   *     Kafka not taking them) or why it could not be reached
   */
  public static List<String> send(
      URI console, String user, String password, List<RainRuleChange> changes)
      throws Refused, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    JsonNode me =
        post(
            http,
            console,
            "/api/login",
            null,
            EventJson.write(Map.of("name", user, "password", password)),
            200);
    String csrf = me.path("csrfToken").asText();
    JsonNode answer;
    try {
      answer =
          post(http, console, "/api/rules", csrf, EventJson.write(Map.of("changes", changes)), 202);
    } finally {
      try {
        post(http, console, "/api/logout", csrf, new byte[0], 204);
      } catch (Refused e) {
        // the session ends by itself; the push's own answer is what matters
      }
    }
    List<String> pushed = new ArrayList<>();
    for (JsonNode p : answer.path("pushed")) {
      pushed.add(
          p.path("ruleId").asText()
              + " v"
              + p.path("version").asLong()
              + ", in force from "
              + p.path("effectiveFrom").asText()
              + ", pushed by "
              + answer.path("pushedBy").asText());
    }
    return pushed;
  }

  /**
   * {@code path} ({@code /api/...}) under the console's address, which may carry a prefix of a
   * proxy in front of it ({@code https://ops.city.example/console}): kept, with or without its
   * trailing slash.
   */
  static URI endpoint(URI console, String path) {
    String base = console.toString();
    URI root = URI.create(base.endsWith("/") ? base : base + "/");
    return root.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private static JsonNode post(
      HttpClient http, URI console, String path, String csrf, byte[] body, int expected)
      throws Refused, InterruptedException {
    URI uri = endpoint(console, path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new Refused("the console at " + console + " did not answer (" + e + ")", e);
    }
    JsonNode json;
    try {
      json = response.body().length == 0 ? null : EventJson.mapper().readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (response.statusCode() != expected) {
      String reason =
          json != null && json.hasNonNull("error")
              ? json.get("error").asText()
              : "HTTP " + response.statusCode();
      throw new Refused("the console refused " + path + ": " + reason);
    }
    return json == null ? EventJson.mapper().createObjectNode() : json;
  }
}
