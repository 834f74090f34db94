package org.cityops.jobs.rain;

import java.time.Duration;

/** The rolling windows Alerta Rio publishes, and so the ones CityOps sums. */
public enum RainWindow {
  M15(Duration.ofMinutes(15)),
  H1(Duration.ofHours(1)),
  H4(Duration.ofHours(4)),
  H24(Duration.ofHours(24)),
  H96(Duration.ofHours(96));

  private final Duration length;

  RainWindow(Duration length) {
    this.length = length;
  }

  public Duration length() {
    return length;
  }

  /** The longest window: how far back samples must be kept. */
  public static Duration longest() {
    return H96.length;
  }
}
