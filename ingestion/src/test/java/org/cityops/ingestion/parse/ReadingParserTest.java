package org.cityops.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;
import org.junit.jupiter.api.Test;

class ReadingParserTest {
  private static final Instant NOW = Instant.parse("2019-02-06T22:00:00Z");
  private static final SensorTopic GAUGE = new SensorTopic(SensorKind.RAIN_GAUGE, "barrinha");
  private static final SensorTopic LOOP = new SensorTopic(SensorKind.TRAFFIC_LOOP, "loop-7");
  private final ReadingParser parser = new ReadingParser(2_048, 50);

  private List<Reading> parse(SensorTopic topic, String payload) throws ParseException {
    return parser.parse(topic, payload.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private void assertRejected(
      SensorTopic topic, String payload, RejectReason reason, String message) {
    assertThatThrownBy(() -> parse(topic, payload))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ParseException) e).reason())
        .isEqualTo(reason);
  }

  @Test
  void senmlPackResolvesBaseNameTimeAndUnits() throws ParseException {
    String pack =
        "[{\"bn\":\"urn:dev:cityops:barrinha:\",\"bt\":1549490400,\"n\":\"lat\",\"u\":\"lat\",\"v\":-23.008},"
            + "{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43.299},"
            + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":12.4},"
            + "{\"n\":\"rain\",\"u\":\"m\",\"v\":0.0156,\"t\":900},"
            + "{\"n\":\"battery\",\"u\":\"V\",\"v\":3.7}]";
    List<Reading> readings = parse(GAUGE, pack);
    assertThat(readings)
        .extracting(Reading::time)
        .containsExactly(
            Instant.parse("2019-02-06T22:00:00Z"), Instant.parse("2019-02-06T22:15:00Z"));
    assertThat(readings.get(0).rainMm()).isEqualTo(12.4);
    assertThat(readings.get(1).rainMm()).isCloseTo(15.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(readings)
        .allSatisfy(
            r -> {
              assertThat(r.sensorId()).isEqualTo("barrinha");
              assertThat(r.location()).isEqualTo(new GeoPoint(-23.008, -43.299));
            });
  }

  @Test
  void senmlRelativeTimeIsCountedFromNow() throws ParseException {
    String pack =
        "[{\"n\":\"lat\",\"u\":\"lat\",\"v\":-23},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},"
            + "{\"n\":\"speed\",\"u\":\"m/s\",\"v\":10,\"t\":-60}]";
    Reading reading = parse(LOOP, pack).get(0);
    assertThat(reading.time()).isEqualTo(NOW.minusSeconds(60));
    assertThat(reading.speedKmh()).isEqualTo(36.0);
  }

  @Test
  void nativeJsonIsAccepted() throws ParseException {
    String json =
        "{\"sensorId\":\"barrinha\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:45:00Z\","
            + "\"location\":{\"lat\":-23.008,\"lon\":-43.299},\"rainMm\":20.2}";
    assertThat(parse(GAUGE, "  \n" + json))
        .singleElement()
        .extracting(Reading::rainMm)
        .isEqualTo(20.2);
  }

  @Test
  void payloadSpeakingForAnotherSensorIsRefused() {
    String json =
        "{\"sensorId\":\"copacabana\",\"kind\":\"rain_gauge\",\"time\":\"2019-02-06T21:45:00Z\","
            + "\"location\":{\"lat\":-23.008,\"lon\":-43.299},\"rainMm\":20.2}";
    assertRejected(
        GAUGE,
        json,
        RejectReason.INVALID_FIELD,
        "field 'sensorId' is 'copacabana' but the topic is for 'barrinha'");
    assertRejected(
        LOOP, json.replace("copacabana", "loop-7"), RejectReason.INVALID_FIELD, "field 'kind'");
  }

  @Test
  void malformedAndTruncatedPayloads() {
    assertRejected(
        GAUGE,
        "{\"sensorId\":\"barrinha\",\"kind\":\"rain",
        RejectReason.MALFORMED,
        "not a valid reading");
    assertRejected(GAUGE, "[{\"n\":\"rain\",\"v\":1", RejectReason.MALFORMED, "not valid JSON");
    assertRejected(GAUGE, "42", RejectReason.MALFORMED, "neither a JSON object nor a SenML array");
    assertRejected(GAUGE, "   ", RejectReason.MALFORMED, "neither");
    assertRejected(GAUGE, "[]", RejectReason.MALFORMED, "non-empty array");
    assertRejected(
        GAUGE, "[1,2]", RejectReason.INVALID_FIELD, "field '[0]' must be a SenML record object");
    assertRejected(GAUGE, "{\"rainMm\":NaN}", RejectReason.MALFORMED, "not a valid reading");
  }

  @Test
  void emptyPayloadIsMalformed() {
    assertThatThrownBy(() -> parser.parse(GAUGE, new byte[0], NOW))
        .extracting(e -> ((ParseException) e).reason())
        .isEqualTo(RejectReason.MALFORMED);
  }

  @Test
  void oversizedPayloadIsRefusedBeforeParsing() {
    String big = "[" + "{\"n\":\"x\",\"v\":1},".repeat(200) + "{}]";
    assertRejected(GAUGE, big, RejectReason.OVERSIZED, "exceeds the limit of 2048 bytes");
  }

  @Test
  void packWithTooManyRecordsIsOversized() {
    String pack = "[" + "{\"n\":\"x\",\"v\":1},".repeat(60) + "{\"n\":\"x\",\"v\":1}]";
    assertRejected(GAUGE, pack, RejectReason.OVERSIZED, "more than the limit of 50");
  }

  @Test
  void nonUtf8BytesAreRefused() {
    byte[] bytes = "{\"sensorId\":\"barrinha\"}".getBytes(StandardCharsets.UTF_8);
    bytes[3] = (byte) 0xFF;
    assertThatThrownBy(() -> parser.parse(GAUGE, bytes, NOW))
        .extracting(e -> ((ParseException) e).reason())
        .isEqualTo(RejectReason.NOT_UTF8);
  }

  @Test
  void senmlFieldErrorsNameTheRecord() {
    String base =
        "[{\"n\":\"lat\",\"u\":\"lat\",\"v\":-23},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},";
    assertRejected(
        GAUGE,
        base + "{\"n\":\"rain\",\"u\":\"in\",\"v\":1}]",
        RejectReason.INVALID_FIELD,
        "field '[2].u' 'in' is not a unit for 'rain'");
    assertRejected(
        GAUGE,
        base + "{\"n\":\"rain\",\"v\":1}]",
        RejectReason.INVALID_FIELD,
        "field '[2].u' is required for 'rain'");
    assertRejected(
        GAUGE,
        base + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":\"1\"}]",
        RejectReason.INVALID_FIELD,
        "field '[2].v' must be a number");
    assertRejected(
        GAUGE,
        base + "{\"n\":\"rain\",\"u\":\"mm\"}]",
        RejectReason.INVALID_FIELD,
        "field '[2].v' is required");
    assertRejected(
        GAUGE,
        base + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":1,\"t\":1e300}]",
        RejectReason.INVALID_FIELD,
        "field '[2].t' is not a usable time");
    assertRejected(
        GAUGE,
        "[{\"n\":\"rain\",\"u\":\"mm\",\"v\":1}]",
        RejectReason.INVALID_FIELD,
        "field 'lat' and 'lon' records are required");
    assertRejected(
        GAUGE,
        base + "{\"n\":\"battery\",\"u\":\"V\",\"v\":1}]",
        RejectReason.INVALID_FIELD,
        "holds no measurement CityOps knows");
  }

  @Test
  void duplicateMeasurementForOneTimeIsRefusedAsAmbiguous() {
    String pack =
        "[{\"n\":\"lat\",\"u\":\"lat\",\"v\":-23},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},"
            + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":1,\"t\":-60},{\"n\":\"rain\",\"u\":\"mm\",\"v\":2,\"t\":-60}]";
    assertRejected(GAUGE, pack, RejectReason.INVALID_FIELD, "repeats 'rain' for the same time");
  }

  @Test
  void senmlPositionOutOfRangeIsRefused() {
    String pack =
        "[{\"n\":\"lat\",\"u\":\"lat\",\"v\":-123},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43},"
            + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":1}]";
    assertRejected(
        GAUGE, pack, RejectReason.INVALID_FIELD, "field 'location.lat' must be a latitude");
  }

  @Test
  void topicsAreParsedStrictly() {
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/barrinha")).contains(GAUGE);
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/barrinha/extra")).isEmpty();
    assertThat(SensorTopic.parse("city/sensors/seismometer/x")).isEmpty();
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/../../etc")).isEmpty();
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/rio-grajaú-6"))
        .contains(new SensorTopic(SensorKind.RAIN_GAUGE, "rio-grajaú-6"));
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/a b")).isEmpty();
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/a\u0000b")).isEmpty();
    assertThat(SensorTopic.parse("city/sensors/rain_gauge/")).isEmpty();

    assertThat(SensorTopic.parse("city/sensors/rain_gauge/" + "x".repeat(129))).isEmpty();
    assertThat(SensorTopic.of(SensorKind.WATER_LEVEL, "r1"))
        .isEqualTo("city/sensors/water_level/r1");
  }
}
