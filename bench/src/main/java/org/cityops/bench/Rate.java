package org.cityops.bench;

import java.time.Duration;

/** How many things in how long. */
public record Rate(long count, Duration took) {
  public Rate {
    if (count < 0 || took.isNegative() || took.isZero()) {
      throw new IllegalArgumentException("a rate needs a count and a positive duration");
    }
  }

  public double perSecond() {
    return count / (took.toNanos() / 1e9);
  }

  /** This rate as a share of {@code ceiling}'s. */
  public double of(Rate ceiling) {
    return perSecond() / ceiling.perSecond();
  }

  @Override
  public String toString() {
    return String.format("%,.0f/s (%,d in %.2f s)", perSecond(), count, took.toNanos() / 1e9);
  }
}
