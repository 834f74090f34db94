package org.cityops.jobs.rain;

import java.time.Duration;
import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;

/** Named instants and event factories for the rain tests (6 February 2019, the Barrinha storm). */
final class RainFixtures {
  private RainFixtures() {}

  static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  static final GeoPoint BARRINHA = new GeoPoint(-23.008, -43.299);

  static Instant minutes(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  static Reading rain(String gauge, long minute, double mm) {
    return Reading.rain(gauge, minutes(minute), BARRINHA, mm);
  }

  /** Sums at {@code minute} with the given 1 h and 24 h values, all windows complete. */
  static RainSums sums(String gauge, long minute, double mm1h, double mm24h) {
    return new RainSums(
        gauge,
        BARRINHA,
        minutes(minute),
        0,
        mm1h,
        mm1h,
        mm24h,
        mm24h,
        true,
        true,
        true,
        true,
        true);
  }

  static RainSums sums(String gauge, long minute, double mm1h) {
    return sums(gauge, minute, mm1h, mm1h);
  }
}
