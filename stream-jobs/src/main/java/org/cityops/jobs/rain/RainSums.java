package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * A gauge's rolling rain sums ending at {@code windowEnd}, as Alerta Rio publishes them: each
 * window W sums the gauge's readings with time in (windowEnd - W, windowEnd]. A window is complete
 * when it holds a value for every reporting interval and no missing marker; an incomplete sum (a
 * gap, a missing value, no warm-up data before the first reading) is a lower bound, and says so.
 */
public record RainSums(
    String gaugeId,
    GeoPoint location,
    Instant windowEnd,
    double rain15mMm,
    double rain1hMm,
    double rain4hMm,
    double rain24hMm,
    double rain96hMm,
    boolean complete15m,
    boolean complete1h,
    boolean complete4h,
    boolean complete24h,
    boolean complete96h) {

  public double mm(RainWindow window) {
    return switch (window) {
      case M15 -> rain15mMm;
      case H1 -> rain1hMm;
      case H4 -> rain4hMm;
      case H24 -> rain24hMm;
      case H96 -> rain96hMm;
    };
  }

  public boolean complete(RainWindow window) {
    return switch (window) {
      case M15 -> complete15m;
      case H1 -> complete1h;
      case H4 -> complete4h;
      case H24 -> complete24h;
      case H96 -> complete96h;
    };
  }
}
