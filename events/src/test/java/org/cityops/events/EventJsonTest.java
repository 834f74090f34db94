package org.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final Instant T = Instant.parse("2019-02-06T21:15:00Z");
  private static final GeoPoint BARRINHA = new GeoPoint(-23.008, -43.299);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readingRoundTripsWithIsoTimesAndNoNullFields() {
    Reading reading = Reading.rain("barrinha", T, BARRINHA, 12.4);
    String json = EventJson.writeString(reading);
    assertThat(json)
        .contains("\"time\":\"2019-02-06T21:15:00Z\"")
        .contains("\"kind\":\"rain_gauge\"")
        .doesNotContain("null");
    assertThat(EventJson.readReading(utf8(json))).isEqualTo(reading);
  }

  @Test
  void unknownFieldsAreTolerated() {
    String json =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2,\"alt\":12},\"rainMm\":1.5,"
            + "\"firmware\":\"v2\"}";
    Reading reading = EventJson.readReading(utf8(json));
    assertThat(reading.rainMm()).isEqualTo(1.5);
    assertThat(reading.location()).isEqualTo(new GeoPoint(-22.9, -43.2));
  }

  @Test
  void missingRequiredFieldIsNamed() {
    String json =
        "{\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"rainMm\":1.5}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
        .isInstanceOf(ContractViolation.class)
        .hasMessage("field 'sensorId' is required")
        .extracting(e -> ((ContractViolation) e).field())
        .isEqualTo("sensorId");
  }

  @Test
  void rainGaugeWithoutRainValueIsRejectedUnlessMarkedMissing() {
    String base =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(base + "}")))
        .hasMessage("field 'rainMm' is required");
    Reading missing = EventJson.readReading(utf8(base + ",\"quality\":\"missing\"}"));
    assertThat(missing.quality()).isEqualTo(Quality.MISSING);
    assertThat(missing.rainMm()).isNull();
  }

  @Test
  void malformedTimeNamesTheField() {
    String json =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"yesterday\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"rainMm\":1.5}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
        .isInstanceOf(ContractViolation.class)
        .extracting(e -> ((ContractViolation) e).field())
        .isEqualTo("time");
  }

  @Test
  void nestedFieldErrorsCarryTheirPath() {
    String json =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-122.9,\"lon\":-43.2},\"rainMm\":1.5}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
        .hasMessageStartingWith("field 'location.lat' must be a latitude");
    String wrongType = json.replace("-122.9", "\"south\"");
    assertThatThrownBy(() -> EventJson.readReading(utf8(wrongType)))
        .isInstanceOf(ContractViolation.class)
        .extracting(e -> ((ContractViolation) e).field())
        .isEqualTo("location.lat");
  }

  @Test
  void unknownKindIsAnInvalidField() {
    String json =
        "{\"sensorId\":\"g1\",\"kind\":\"seismometer\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2}}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
        .isInstanceOf(ContractViolation.class)
        .extracting(e -> ((ContractViolation) e).field())
        .isEqualTo("kind");
  }

  /**
   * Jackson would read " rain_gauge" as a rain gauge (it trims an enum name it does not know); the
   * contract, the JSON Schema and the jobs' kind peek do not, so the parse refuses it too.
   */
  @Test
  void enumValuesWithBlanksAroundThemAreRefusedNamingTheField() {
    for (String kind : List.of(" rain_gauge", "rain_gauge ", "\\train_gauge", "rain_gauge\\n")) {
      String json =
          "{\"sensorId\":\"g1\",\"kind\":\""
              + kind
              + "\",\"time\":\"2019-02-06T21:15:00Z\","
              + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"rainMm\":1.5}";
      assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
          .as(json)
          .isInstanceOf(ContractViolation.class)
          .hasMessageContaining("blanks around it")
          .extracting(e -> ((ContractViolation) e).field())
          .isEqualTo("kind");
    }
    String padded =
        "{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"rainMm\":1.5,\"quality\":\"ok \"}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(padded)))
        .isInstanceOf(ContractViolation.class)
        .extracting(e -> ((ContractViolation) e).field())
        .isEqualTo("quality");
    String exact = padded.replace("\"ok \"", "\"ok\"");
    assertThat(EventJson.readReading(utf8(exact)).quality()).isEqualTo(Quality.OK);
  }

  @Test
  void truncatedOrNonObjectPayloadsAreMalformed() {
    assertThatThrownBy(() -> EventJson.readReading(utf8("{\"sensorId\":\"g1\",\"kind\":")))
        .isInstanceOf(EventJson.MalformedJsonException.class);
    assertThatThrownBy(() -> EventJson.readReading(utf8("[1,2,3]")))
        .isInstanceOf(EventJson.MalformedJsonException.class);
    assertThatThrownBy(() -> EventJson.readReading(utf8("null")))
        .isInstanceOf(EventJson.MalformedJsonException.class);
    assertThatThrownBy(() -> EventJson.readReading(utf8("{} {}")))
        .isInstanceOf(EventJson.MalformedJsonException.class);
  }

  @Test
  void duplicateKeysAreRejectedRatherThanSilentlyOverwritten() {
    String json =
        "{\"sensorId\":\"g1\",\"sensorId\":\"g2\",\"kind\":\"rain_gauge\","
            + "\"time\":\"2019-02-06T21:15:00Z\",\"location\":{\"lat\":-22.9,\"lon\":-43.2},"
            + "\"rainMm\":1.5}";
    assertThatThrownBy(() -> EventJson.readReading(utf8(json)))
        .isInstanceOf(EventJson.MalformedJsonException.class)
        .hasMessageContaining("Duplicate field 'sensorId'");
  }

  @Test
  void deepNestingIsRefusedBeforeItCanExhaustTheStack() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    assertThatThrownBy(() -> EventJson.readReading(utf8(deep)))
        .isInstanceOf(EventJson.MalformedJsonException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void incidentRoundTripsWithEvidenceAndCapSeverity() {
    Incident incident =
        new Incident(
            "heavy_rain:barrinha:1549487700",
            IncidentType.HEAVY_RAIN,
            new Area(BARRINHA, 2_000, "Barrinha"),
            Severity.SEVERE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(new Evidence("rain_1h_mm", "barrinha", T, 55.8, "mm")),
            2,
            T.minusSeconds(900),
            T,
            null);
    String json = EventJson.writeString(incident);
    assertThat(json).contains("\"severity\":\"Severe\"").contains("\"type\":\"heavy_rain\"");
    assertThat(EventJson.readIncident(utf8(json))).isEqualTo(incident);
    assertThat(incident.dedupKey()).isEqualTo("heavy_rain:barrinha:1549487700#2");
  }

  @Test
  void incidentVersionMustBePositive() {
    String json =
        "{\"incidentId\":\"x\",\"type\":\"heavy_rain\",\"area\":{\"center\":"
            + "{\"lat\":-22.9,\"lon\":-43.2},\"radiusM\":10},\"severity\":\"Minor\","
            + "\"status\":\"ACTIVE_UNACK\",\"version\":0,\"openedAt\":\"2019-02-06T21:15:00Z\","
            + "\"updatedAt\":\"2019-02-06T21:15:00Z\"}";
    assertThatThrownBy(() -> EventJson.readIncident(utf8(json)))
        .hasMessage("field 'version' must be at least 1, was 0");
  }

  @Test
  void reportWithNonHttpPhotoUrlIsRejected() {
    String json =
        "{\"reportId\":\"r1\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:15:00Z\","
            + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"photoUrl\":\"javascript:alert(1)\","
            + "\"reporterId\":\"p-1\"}";
    assertThatThrownBy(() -> EventJson.readReport(utf8(json)))
        .hasMessage("field 'photoUrl' must be an http(s) URL");
  }
}
