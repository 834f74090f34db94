package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.record.RecordBatch;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.junit.jupiter.api.Test;

/**
 * The jobs' parse of a {@code city.readings} record, and its bounds: a reading's time against its
 * record's, and values no sensor can measure.
 */
class ParsedReadingTest {
  private static final Instant WRITTEN = Instant.parse("2026-11-30T12:00:00Z");
  private static final GeoPoint AT = new GeoPoint(-22.9, -43.2);

  private static ParsedReading parse(Instant readingTime, long writtenMillis) {
    return ParsedReading.parse(
        EventJson.write(Reading.rain("g1", readingTime, AT, 1.5)), writtenMillis);
  }

  @Test
  void aReadingFromBeforeItsRecordOrWithinADayAfterIsTaken() {
    long written = WRITTEN.toEpochMilli();
    for (Instant time :
        new Instant[] {
          Instant.parse("2019-02-06T21:15:00Z"), // a replay of an old storm
          WRITTEN,
          WRITTEN.plus(RecordTimeBound.TOLERANCE) // a device clock a day fast, at most
        }) {
      ParsedReading parsed = parse(time, written);
      assertThat(parsed.rejected()).as("%s", time).isNull();
      assertThat(parsed.reading().time()).isEqualTo(time);
    }
  }

  @Test
  void aReadingFromWellAfterItsRecordWasWrittenIsRefusedNamingBothTimes() {
    ParsedReading parsed =
        parse(WRITTEN.plus(RecordTimeBound.TOLERANCE).plusMillis(1), WRITTEN.toEpochMilli());
    assertThat(parsed.reading()).isNull();
    assertThat(parsed.rejected().reason()).isEqualTo(RejectReason.FUTURE_TIME);
    assertThat(parsed.rejected().detail())
        .contains(
            "2026-12-01T12:00:00.001Z", "after the record was written (2026-11-30T12:00:00Z)");
    assertThat(parsed.rejected().receivedAt()).isEqualTo(WRITTEN);
  }

  /**
   * A device that sends epoch milliseconds where the contract has an ISO time: Jackson reads the
   * number as seconds, tens of thousands of years ahead.
   */
  @Test
  void epochMillisecondsReadAsSecondsAreRefused() {
    byte[] json =
        ("{\"sensorId\":\"g1\",\"kind\":\"rain_gauge\",\"time\":"
                + WRITTEN.toEpochMilli()
                + ",\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"rainMm\":1.5}")
            .getBytes(StandardCharsets.UTF_8);
    ParsedReading parsed = ParsedReading.parse(json, WRITTEN.toEpochMilli());
    assertThat(parsed.reading()).isNull();
    assertThat(parsed.rejected().reason()).isEqualTo(RejectReason.FUTURE_TIME);
  }

  @Test
  void aValueNoSensorCanMeasureIsRefusedNamingItsField() {
    long written = WRITTEN.toEpochMilli();
    Reading negativeRain = Reading.rain("g1", WRITTEN, AT, -50.0);
    ParsedReading parsed = ParsedReading.parse(EventJson.write(negativeRain), written);
    assertThat(parsed.reading()).isNull();
    assertThat(parsed.rejected().reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(parsed.rejected().detail()).isEqualTo("field 'rainMm' is -50.0, below 0.0");
    for (Reading impossible :
        List.of(
            loop(-1.0, 10.0, 20.0),
            loop(50.0, -3.0, 20.0),
            loop(50.0, 10.0, 100.5),
            weather(25.0, -0.1, 10.0),
            weather(25.0, 60.0, -5.0))) {
      assertThat(ParsedReading.parse(EventJson.write(impossible), written).rejected())
          .as("%s", impossible)
          .extracting(r -> r.reason())
          .isEqualTo(RejectReason.OUT_OF_RANGE);
    }
    // what sensors do measure: no rain, a standstill, a full detector, frost, a river below datum
    for (Reading possible :
        List.of(
            Reading.rain("g1", WRITTEN, AT, 0.0),
            loop(0.0, 0.0, 100.0),
            weather(-2.5, 100.0, 0.0),
            Reading.waterLevel("river", WRITTEN, AT, -0.4))) {
      assertThat(ParsedReading.parse(EventJson.write(possible), written).rejected())
          .as("%s", possible)
          .isNull();
    }
  }

  private static Reading loop(double speed, double flow, double occupancy) {
    return Reading.trafficLoop("loop-1", WRITTEN, AT, speed, flow, occupancy);
  }

  private static Reading weather(double temperature, double humidity, double wind) {
    return Reading.weather("station-1", WRITTEN, AT, temperature, humidity, wind);
  }

  @Test
  void withoutATimestampTheTimeIsNotBounded() {
    ParsedReading parsed = parse(WRITTEN.plus(Duration.ofDays(3650)), RecordBatch.NO_TIMESTAMP);
    assertThat(parsed.rejected()).isNull();
  }
}
