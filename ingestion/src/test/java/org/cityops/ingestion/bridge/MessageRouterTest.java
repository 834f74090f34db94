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
}
