package org.cityops.jobs.landslide;

import java.time.Instant;

/** A gauge's latest landslide level within its zone, with the sums that made it. */
public record GaugeLevel(
    LandslideLevel level, Instant at, double rain1hMm, double rain24hMm, double rain96hMm) {

  /** Higher level first; between equal levels, the wetter hour. */
  boolean outranks(GaugeLevel other) {
    int byLevel = level.compareTo(other.level);
    return byLevel > 0 || (byLevel == 0 && rain1hMm > other.rain1hMm);
  }
}
