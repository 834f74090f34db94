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

  static HourlyRain hourly(String gauge, long minute, double mm) {
    return new HourlyRain(gauge, BARRINHA, minutes(minute), mm, 4);
  }
}
