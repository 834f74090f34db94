package org.cityops.embedded;

import java.time.Duration;

/**
 * How long the fault tests keep a part down: short in the suite, as long as asked in a benchmark
 * run ({@code -Dcityops.outage=60s} or {@code =PT2M}), so the same test measures a long outage.
 */
public final class Outages {
  public static final String PROPERTY = "cityops.outage";

  private Outages() {}

  /** The outage to use: {@code -Dcityops.outage} when given, else {@code inTheSuite}. */
  public static Duration length(Duration inTheSuite) {
    String given = System.getProperty(PROPERTY);
    if (given == null || given.isBlank()) {
      return inTheSuite;
    }
    String text = given.strip().toUpperCase(java.util.Locale.ROOT);
    try {
      return text.startsWith("P") ? Duration.parse(text) : Duration.parse("PT" + text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be a duration such as 60s or PT2M, was '" + given + "'", e);
    }
  }
}
