package org.cityops.events;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as people write them in settings and rule files: a whole number and a unit ({@code
 * 500ms}, {@code 30s}, {@code 15m}, {@code 4h}, {@code 1d}), or ISO 8601 ({@code PT15M}). One
 * reader for the jobs' settings and the rules files, so both accept the same forms.
 */
public final class DurationText {
  private DurationText() {}

  /**
   * @throws IllegalArgumentException when {@code text} is neither form
   */
  public static Duration parse(String text) {
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      return switch (text.charAt(text.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as PT15M, 30s, 15m or 4h");
    }
  }
}
