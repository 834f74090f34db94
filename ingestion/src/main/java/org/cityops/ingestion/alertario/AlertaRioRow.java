package org.cityops.ingestion.alertario;

import java.time.Instant;

/**
 * One 15-minute row of an Alerta Rio gauge: the rain of the 15 minutes ending at {@code time} and
 * Alerta Rio's own rolling sums ending there. Null means the archive's {@code nan} (missing).
 */
public record AlertaRioRow(
    String station,
    Instant time,
    Double mm15,
    Double mm1h,
    Double mm4h,
    Double mm24h,
    Double mm96h) {

  /** The official sum of a window, by its length in hours (0.25 for 15 minutes). */
  public Double official(double hours) {
    if (hours == 0.25) {
      return mm15;
    }
    if (hours == 1) {
      return mm1h;
    }
    if (hours == 4) {
      return mm4h;
    }
    if (hours == 24) {
      return mm24h;
    }
    if (hours == 96) {
      return mm96h;
    }
    throw new IllegalArgumentException("Alerta Rio publishes no " + hours + " h sum");
  }
}
