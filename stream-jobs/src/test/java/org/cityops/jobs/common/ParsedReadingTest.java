package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.record.RecordBatch;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.junit.jupiter.api.Test;

/** The jobs' parse of a {@code city.readings} record, and its bound on a reading's time. */
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
          WRITTEN.plus(ParsedReading.FUTURE_TOLERANCE) // a device clock a day fast, at most
        }) {
      ParsedReading parsed = parse(time, written);
      assertThat(parsed.rejected()).as("%s", time).isNull();
      assertThat(parsed.reading().time()).isEqualTo(time);
    }
  }

  @Test
  void aReadingFromWellAfterItsRecordWasWrittenIsRefusedNamingBothTimes() {
    ParsedReading parsed =
        parse(WRITTEN.plus(ParsedReading.FUTURE_TOLERANCE).plusMillis(1), WRITTEN.toEpochMilli());
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
  void withoutATimestampTheTimeIsNotBounded() {
    ParsedReading parsed = parse(WRITTEN.plus(Duration.ofDays(3650)), RecordBatch.NO_TIMESTAMP);
    assertThat(parsed.rejected()).isNull();
  }
}
