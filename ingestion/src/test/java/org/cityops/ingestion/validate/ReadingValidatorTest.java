package org.cityops.ingestion.validate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.ingestion.parse.ParseException;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final GeoPoint P = new GeoPoint(-22.9, -43.2);
  private final ReadingValidator validator = new ReadingValidator(ReadingLimits.defaults());

  private static Reading loop(double speed, double occupancy) {
    return Reading.trafficLoop("loop-1", NOW, P, speed, 10.0, occupancy);
  }

  private void assertRejected(Reading r, RejectReason reason, String message) {
    assertThatThrownBy(() -> validator.check(r, NOW))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ParseException) e).reason())
        .isEqualTo(reason);
  }

  @Test
  void recordStormRainIsPlausibleButImpossibleRainIsNot() {
    assertThatCode(() -> validator.check(Reading.rain("g", NOW, P, 91.2), NOW))
        .doesNotThrowAnyException();
    assertRejected(
        Reading.rain("g", NOW, P, 200.1), RejectReason.OUT_OF_RANGE, "field 'rainMm' is 200.1");
    assertRejected(Reading.rain("g", NOW, P, -0.2), RejectReason.OUT_OF_RANGE, "field 'rainMm'");
  }

  @Test
  void trafficValuesOutsideTheirRangeAreRefused() {
    assertRejected(loop(-1, 10), RejectReason.OUT_OF_RANGE, "field 'speedKmh'");
    assertRejected(loop(50, 100.5), RejectReason.OUT_OF_RANGE, "field 'occupancyPct'");
    assertThatCode(() -> validator.check(loop(0, 100), NOW)).doesNotThrowAnyException();
  }

  @Test
  void futureTimesBeyondTheClockSkewAreRefused() {
    assertThatCode(
            () -> validator.check(Reading.rain("g", NOW.plus(Duration.ofMinutes(5)), P, 1), NOW))
        .doesNotThrowAnyException();
    assertRejected(
        Reading.rain("g", NOW.plus(Duration.ofMinutes(6)), P, 1),
        RejectReason.FUTURE_TIME,
        "ahead of the receiver's clock");
    assertRejected(
        Reading.rain("g", Instant.parse("9999-01-01T00:00:00Z"), P, 1),
        RejectReason.FUTURE_TIME,
        "time");
  }

  @Test
  void timesFromAResetClockAreRefused() {
    assertRejected(
        Reading.rain("g", Instant.EPOCH, P, 1), RejectReason.OUT_OF_RANGE, "is before 2000-01-01");
  }
}
