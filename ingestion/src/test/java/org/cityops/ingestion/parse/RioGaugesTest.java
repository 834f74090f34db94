package org.cityops.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.cityops.embedded.SharedData;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.ingestion.bridge.MessageRouter;
import org.cityops.ingestion.bridge.Routed;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.validate.ReadingLimits;
import org.junit.jupiter.api.Test;

/**
 * The 33 real Alerta Rio gauges, reporting the Barrinha hour of 6 February 2019 in both formats.
 */
class RioGaugesTest {
  private static final Instant AT = Instant.parse("2019-02-06T22:00:00Z");
  private final MessageRouter router =
      MessageRouter.create(
          ReadingLimits.defaults(), Pseudonymizer.fromSecret("a-test-key-of-enough-length"));

  @Test
  void everyRealGaugeIsAcceptedInSenmlAndNativeJsonWithItsPosition() throws Exception {
    JsonNode gauges =
        EventJson.mapper()
            .readTree(SharedData.data("rio/rain-gauges.json").toFile())
            .get("pluviometros");
    assertThat(gauges).hasSize(33);
    for (JsonNode g : gauges) {
      // One Alerta Rio id holds a '/', which cannot stand inside an MQTT topic level.
      String id = g.get("id").asText().replace('/', '-');

      GeoPoint where = new GeoPoint(g.get("latitude").asDouble(), g.get("longitude").asDouble());
      String topic = SensorTopic.of(SensorKind.RAIN_GAUGE, id);
      String senml =
          String.format(
              Locale.ROOT,
              "[{\"bn\":\"urn:dev:alertario:%s:\",\"bt\":%d,\"n\":\"lat\",\"u\":\"lat\",\"v\":%s},"
                  + "{\"n\":\"lon\",\"u\":\"lon\",\"v\":%s},{\"n\":\"rain\",\"u\":\"mm\",\"v\":91.2}]",
              id,
              AT.getEpochSecond(),
              where.lat(),
              where.lon());
      for (byte[] payload :
          List.of(
              senml.getBytes(StandardCharsets.UTF_8),
              EventJson.write(Reading.rain(id, AT, where, 91.2)))) {
        List<Routed> out = router.route(topic, payload, AT.plusSeconds(60));
        assertThat(out)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.kind()).as(g.get("nome").asText()).isEqualTo(Routed.Kind.READING);
                  Reading reading = EventJson.readReading(r.value());
                  assertThat(reading.location()).isEqualTo(where);
                  assertThat(reading.rainMm()).isEqualTo(91.2);
                  assertThat(reading.time()).isEqualTo(AT);
                });
      }
    }
  }
}
