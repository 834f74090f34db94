package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.ingestion.limit.RateLimits;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.validate.ReadingLimits;
import org.junit.jupiter.api.Test;

class MessageRouterTest {
  private static final Instant NOW = Instant.parse("2019-02-06T22:00:00Z");
  private final MessageRouter router =
      MessageRouter.create(
          ReadingLimits.defaults(), Pseudonymizer.fromSecret("a-test-key-of-enough-length"));

  private List<Routed> route(String topic, String payload) {
    return router.route(topic, payload.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void senmlPackWithTwoTimesBecomesTwoReadingsKeyedBySensor() {
    List<Routed> out =
        route(
            "city/sensors/rain_gauge/g1",
            "[{\"bt\":1549490400,\"n\":\"lat\",\"u\":\"lat\",\"v\":-23},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},"
                + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":1.2,\"t\":-300},{\"n\":\"rain\",\"u\":\"mm\",\"v\":2.4}]");
    assertThat(out)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.topic()).isEqualTo(Topics.READINGS);
              assertThat(r.key()).isEqualTo("g1");
            });
    assertThat(out)
        .extracting(r -> EventJson.readReading(r.value()).rainMm())
        .containsExactly(1.2, 2.4);
    assertThat(out.get(1).dedupKey()).isEqualTo("g1@2019-02-06T22:00:00Z");
  }

  @Test
  void oneImplausibleValueRejectsTheWholePack() {
    List<Routed> out =
        route(
            "city/sensors/rain_gauge/g1",
            "[{\"n\":\"lat\",\"u\":\"lat\",\"v\":-23},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},"
                + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":1.2,\"t\":-300},{\"n\":\"rain\",\"u\":\"mm\",\"v\":999}]");
    Rejected rejected = EventJson.readRejected(out.get(0).value());
    assertThat(out).hasSize(1);
    assertThat(rejected.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(rejected.source()).isEqualTo("mqtt:city/sensors/rain_gauge/g1");
    assertThat(rejected.detail()).contains("field 'rainMm' is 999.0");
  }

  @Test
  void unknownTopicIsRejectedNotDropped() {
    List<Routed> out = route("city/sensor/g1", "{}");
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC);
              assertThat(EventJson.readRejected(r.value()).payloadHead()).isEqualTo("{}");
            });
  }

  @Test
  void reportGoesToReportsKeyedByReportId() {
    List<Routed> out =
        route(
            "city/reports/flooding",
            "{\"reportId\":\"r-9\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
                + "\"location\":{\"lat\":-22.97,\"lon\":-43.39},\"reporter\":\"+55 21 99876-5432\"}");
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(Topics.REPORTS);
              assertThat(r.key()).isEqualTo("r-9");
              assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("99876");
            });
  }

  @Test
  void rejectedReportIsPseudonymisedBeforeItIsKept() {
    List<Routed> out =
        route(
            "city/reports/flooding",
            "{\"reportId\":\"r-9\",\"category\":\"flooding\",\"reporter\":\"+55 21 99876-5432\"}");
    Rejected rejected = EventJson.readRejected(out.get(0).value());
    assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(rejected.payloadHead()).doesNotContain("99876").contains("\"reporter\":\"p-");
  }

  @Test
  void readingsKeepTheirFieldsThroughTheRouter() {
    String json =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:45:00Z\","
            + "\"location\":{\"lat\":-23.0,\"lon\":-43.3},\"rainMm\":20.2}";
    Reading reading =
        EventJson.readReading(route("city/sensors/rain_gauge/g1", json).get(0).value());
    assertThat(reading).isEqualTo(EventJson.readReading(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] rain(String sensor, Instant time) {
    return ("{\"sensorId\":\"%s\",\"kind\":\"rain_gauge\",\"time\":\"%s\","
            + "\"location\":{\"lat\":-23.0,\"lon\":-43.3},\"rainMm\":0.2}")
        .formatted(sensor, time)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSensorPastItsRateInEventTimeIsRefusedWithTheReasonAndOthersAreNot() {
    MessageRouter limited =
        MessageRouter.create(
            ReadingLimits.defaults(),
            Pseudonymizer.fromSecret("a-test-key-of-enough-length"),
            new RateLimits(1, 3, 0, 1, 100)); // a reading a second of event time, 3 at once
    Instant t = NOW.minusSeconds(60);
    List<RejectReason> outcomes = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // ten readings within 450 ms of event time: a runaway sensor
      Routed r =
          limited
              .route("city/sensors/rain_gauge/runaway", rain("runaway", t.plusMillis(50L * i)), NOW)
              .get(0);
      outcomes.add(r.reason());
    }
    assertThat(outcomes.subList(0, 3)).containsOnlyNulls();
    assertThat(outcomes.subList(3, 10)).containsOnly(RejectReason.RATE_LIMITED);
    Routed refused =
        limited
            .route("city/sensors/rain_gauge/runaway", rain("runaway", t.plusMillis(500)), NOW)
            .get(0);
    assertThat(refused.topic()).isEqualTo(Topics.REJECTED);
    assertThat(EventJson.readRejected(refused.value()).detail())
        .isEqualTo(
            "sensor runaway sent more than 1.0 readings a second (burst 3); these 1 refused");
    // back-dating gains nothing: an earlier time refills no token
    assertThat(
            limited
                .route(
                    "city/sensors/rain_gauge/runaway", rain("runaway", t.minusSeconds(3_600)), NOW)
                .get(0)
                .reason())
        .isEqualTo(RejectReason.RATE_LIMITED);
    // garbage is refused for what it is and takes no token
    assertThat(
            limited
                .route(
                    "city/sensors/rain_gauge/runaway",
                    "not json".getBytes(StandardCharsets.UTF_8),
                    NOW)
                .get(0)
                .reason())
        .isEqualTo(RejectReason.MALFORMED);
    // another sensor at the same time, and this one two seconds of event time later, pass
    assertThat(limited.route("city/sensors/rain_gauge/calm", rain("calm", t), NOW).get(0).reason())
        .isNull();
    assertThat(
            limited
                .route("city/sensors/rain_gauge/runaway", rain("runaway", t.plusSeconds(2)), NOW)
                .get(0)
                .reason())
        .isNull();
  }

  @Test
  void aBacklogAfterAnOutageOrAFastReplayIsNotAFlood() {
    // the default limits; everything arrives at one instant of the bridge's clock
    MessageRouter limited =
        MessageRouter.create(
            ReadingLimits.defaults(),
            Pseudonymizer.fromSecret("a-test-key-of-enough-length"),
            RateLimits.defaults());
    // a traffic-detector-like rate: a reading every 20 s for the 6 hours the bridge was away
    Instant from = NOW.minus(java.time.Duration.ofHours(6));
    int refused = 0;
    for (int i = 0; i < 6 * 180; i++) {
      Routed r =
          limited
              .route(
                  "city/sensors/rain_gauge/backlog",
                  rain("backlog", from.plusSeconds(20L * i)),
                  NOW)
              .get(0);
      refused += r.reason() == null ? 0 : 1;
    }
    assertThat(refused).isZero();
    // the same 1,080 readings packed into three minutes of event time are a flood
    Instant burst = NOW.minusSeconds(200);
    refused = 0;
    for (int i = 0; i < 1_080; i++) {
      Routed r =
          limited
              .route(
                  "city/sensors/rain_gauge/flood", rain("flood", burst.plusMillis(170L * i)), NOW)
              .get(0);
      refused += r.reason() == RejectReason.RATE_LIMITED ? 1 : 0;
    }
    // 600 at once, then one a second over the 183 s they span
    assertThat(refused).isBetween(1_080 - 600 - 184, 1_080 - 600 - 182);
  }

  @Test
  void aReporterPastTheirRateIsRefusedByPseudonymWhateverTheReportSays() {
    MessageRouter limited =
        MessageRouter.create(
            ReadingLimits.defaults(),
            Pseudonymizer.fromSecret("a-test-key-of-enough-length"),
            new RateLimits(0, 1, 20, 2, 100));
    List<RejectReason> outcomes = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // each report new (own id, own place): the limit follows the person
      String report =
          ("{\"reportId\":\"r-%d\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
                  + "\"location\":{\"lat\":-22.9%d,\"lon\":-43.39},"
                  + "\"reporter\":\"+55 21 99876-5432\"}")
              .formatted(i, i);
      outcomes.add(
          limited
              .route("city/reports/flooding", report.getBytes(StandardCharsets.UTF_8), NOW)
              .get(0)
              .reason());
    }
    assertThat(outcomes)
        .containsExactly(
            null,
            null,
            RejectReason.RATE_LIMITED,
            RejectReason.RATE_LIMITED,
            RejectReason.RATE_LIMITED);
    Routed refused =
        limited
            .route(
                "city/reports/flooding",
                ("{\"reportId\":\"r-x\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
                        + "\"location\":{\"lat\":-22.9,\"lon\":-43.39},"
                        + "\"reporter\":\"+55 21 99876-5432\"}")
                    .getBytes(StandardCharsets.UTF_8),
                NOW)
            .get(0);
    Rejected rejected = EventJson.readRejected(refused.value());
    assertThat(rejected.detail())
        .startsWith("reporter p-")
        .endsWith(" sent more than 20.0 reports an hour (burst 2)");
    assertThat(rejected.payloadHead()).doesNotContain("99876"); // the phone never kept
    // another resident is not held back
    assertThat(
            limited
                .route(
                    "city/reports/flooding",
                    ("{\"reportId\":\"r-y\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
                            + "\"location\":{\"lat\":-22.9,\"lon\":-43.39},"
                            + "\"reporter\":\"+55 21 91111-2222\"}")
                        .getBytes(StandardCharsets.UTF_8),
                    NOW)
                .get(0)
                .reason())
        .isNull();
  }

  @Test
  void hostileNestingIsRefusedAndOddUnicodeInWordsIsKeptAsSent() {
    // nesting past what any contract record needs, inside the size limits of each kind
    Routed deepReading =
        route("city/sensors/rain_gauge/g1", "[".repeat(1_000) + "]".repeat(1_000)).get(0);
    Routed deepReport =
        route("city/reports/flooding", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)).get(0);
    // odd Unicode in a resident's words: right-to-left override, a zero-width joiner, an emoji
    String odd = "Rua \u202ealagada\u200d \ud83c\udf0a";
    Routed oddText =
        route(
                "city/reports/flooding",
                "{\"reportId\":\"r-odd\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
                    + "\"location\":{\"lat\":-22.97,\"lon\":-43.39},\"text\":\""
                    + odd
                    + "\",\"reporter\":\"+55 21 99876-5432\"}")
            .get(0);
    // a NUL in a sensor's name
    Routed nulTopic = route("city/sensors/rain_gauge/g\u00001", "{}").get(0);
    System.out.printf(
        "hostile: deep reading %s, deep report %s, odd Unicode text %s, NUL in topic %s%n",
        deepReading.reason(),
        deepReport.reason(),
        oddText.reason() == null ? "kept" : oddText.reason(),
        nulTopic.reason());
    assertThat(deepReading.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(EventJson.readRejected(deepReading.value()).detail()).contains("nesting");
    assertThat(deepReport.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(EventJson.readRejected(deepReport.value()).detail()).contains("nesting");
    assertThat(oddText.reason()).isNull();
    assertThat(EventJson.readReport(oddText.value()).text()).isEqualTo(odd);
    assertThat(nulTopic.reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC);
  }
}
