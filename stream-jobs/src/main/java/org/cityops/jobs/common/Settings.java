package org.cityops.jobs.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Raw key-value settings (from {@code --key value} arguments, environment or a properties file)
 * with typed readers that fail with the key's name. Keys that nothing read are reported by {@link
 * #requireAllUsed()}, so a typo in a setting is an error instead of a silently ignored line.
 */
public final class Settings {
  private final Map<String, String> values;
  private final Set<String> used = new HashSet<>();

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Reads {@code --key value} and {@code --key=value} pairs. */
  public static Settings fromArgs(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException(arg, "is not of the form --key value");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException(key, "has no value");
      }
      if (values.put(key, value) != null) {
        throw new ConfigException(key, "is given twice");
      }
    }
    return new Settings(values);
  }

  public String text(String key, String defaultValue) {
    used.add(key);
    String value = values.getOrDefault(key, defaultValue);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "is required");
    }
    return value;
  }

  public String optionalText(String key) {
    used.add(key);
    String value = values.get(key);
    return value == null || value.isBlank() ? null : value;
  }

  public double number(String key, double defaultValue, double min, double max) {
    used.add(key);
    String raw = values.get(key);
    double value;
    try {
      value = raw == null ? defaultValue : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a number, was '" + raw + "'");
    }
    if (!(value >= min && value <= max)) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    used.add(key);
    String raw = values.get(key);
    int value;
    try {
      value = raw == null ? defaultValue : Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, was '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * ISO-8601 durations ({@code PT15M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code
   * 15m}, {@code 4h}.
   */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    used.add(key);
    String raw = values.get(key);
    Duration value = raw == null ? defaultValue : parseDuration(key, raw.trim());
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  private static Duration parseDuration(String key, String raw) {
    try {
      return org.cityops.events.DurationText.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key, "must be a duration such as PT15M, 30s, 15m or 4h, was '" + raw + "'");
    }
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    used.add(key);
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw.trim())) {
        return constant;
      }
    }
    throw new ConfigException(
        key,
        "must be one of "
            + java.util.Arrays.toString(type.getEnumConstants())
            + ", was '"
            + raw
            + "'");
  }

  /** {@code true} or {@code false}; anything else is an error naming the key. */
  public boolean flag(String key, boolean defaultValue) {
    used.add(key);
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "must be true or false, was '" + raw + "'");
    };
  }

  /**
   * Every setting whose key starts with {@code prefix}, without the prefix (for settings passed on
   * as they are, such as Kafka client properties).
   */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new java.util.TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            used.add(k);
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /** Fails if a setting was given that no reader asked for (most likely a typo). */
  public void requireAllUsed() {
    Set<String> unknown = new HashSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          unknown.iterator().next(),
          "is not a known setting; known settings are " + new java.util.TreeSet<>(used));
    }
  }
}
