package org.cityops.ingestion.simulator;

import java.time.Duration;
import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * The weather the simulator plays. STORM is one convective cell crossing the city from west to
 * east: rain rate falls off with distance from the cell's centre as a Gaussian (sigma 6 km) and
 * rises and fades with a sine over the storm's duration, peaking near 90 mm/h, like the cells of
 * Rio's February 2019 storms. CALM is a dry day with the odd shower.
 */
public enum Scenario {
  CALM(4.0),
  STORM(90.0);

  private static final double CELL_SIGMA_M = 6_000;

  private final double peakMmPerHour;

  Scenario(double peakMmPerHour) {
    this.peakMmPerHour = peakMmPerHour;
  }

  /**
   * Rain rate in mm/h at a point and time, for a scenario running from {@code start} for {@code
   * duration}.
   */
  public double rainRateMmPerHour(GeoPoint at, Instant time, Instant start, Duration duration) {
    double progress = (double) Duration.between(start, time).toMillis() / duration.toMillis();
    if (progress < 0 || progress > 1) {
      return 0;
    }
    double envelope = Math.sin(Math.PI * progress);
    if (this == CALM) {
      // a weak shower over the north of the city in the middle of the day
      GeoPoint shower =
          new GeoPoint(SyntheticCity.NORTH - 0.03, (SyntheticCity.WEST + SyntheticCity.EAST) / 2);
      return peakMmPerHour * envelope * gaussian(at.distanceMetresTo(shower));
    }
    double lon = SyntheticCity.WEST + (SyntheticCity.EAST - SyntheticCity.WEST) * progress;
    GeoPoint cell = new GeoPoint((SyntheticCity.NORTH + SyntheticCity.SOUTH) / 2, lon);
    return peakMmPerHour * Math.sqrt(envelope) * gaussian(at.distanceMetresTo(cell));
  }

  private static double gaussian(double distanceM) {
    return Math.exp(-(distanceM * distanceM) / (2 * CELL_SIGMA_M * CELL_SIGMA_M));
  }
}
