package org.cityops.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a panel's InfluxQL the way Grafana's InfluxDB data source does before sending it: {@code
 * $timeFilter} becomes a time range in epoch milliseconds, {@code ${__from}} and {@code ${__to}}
 * its ends in epoch milliseconds, {@code $__interval} a duration literal, and a template variable
 * inside a regex ({@code /^$gauge$/}) the alternation of its values, each escaped as Grafana
 * escapes regex values (including {@code /}). A {@code $name} that is neither a macro nor a given
 * variable fails, so a query can never reach the server half-expanded.
 */
final class InfluxQlMacros {
  private static final Pattern REGEX_VARIABLE = Pattern.compile("/\\^\\$\\{?(\\w+)}?\\$/");
  private static final Pattern ANY_VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

  private InfluxQlMacros() {}

  static String expand(
      String query, Instant from, Instant to, Duration interval, Map<String, List<String>> vars) {
    String q =
        query
            .replace(
                "$timeFilter",
                "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms")
            .replace("$__interval", literal(interval))
            .replace("${__from}", Long.toString(from.toEpochMilli()))
            .replace("${__to}", Long.toString(to.toEpochMilli()));
    Matcher regex = REGEX_VARIABLE.matcher(q);
    StringBuilder out = new StringBuilder();
    while (regex.find()) {
      List<String> values = values(vars, regex.group(1), query);
      String alternation =
          values.stream().map(InfluxQlMacros::regexEscape).collect(Collectors.joining("|"));
      regex.appendReplacement(out, Matcher.quoteReplacement("/^(" + alternation + ")$/"));
    }
    regex.appendTail(out);
    Matcher rest = ANY_VARIABLE.matcher(out.toString());
    if (rest.find()) {
      throw new AssertionError(
          "'$" + rest.group(1) + "' is neither a Grafana macro nor a variable, in: " + query);
    }
    return out.toString();
  }

  /** A duration as Grafana writes an interval: the largest unit it divides into (1d, 5m, 200ms). */
  static String literal(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("an interval must be positive, was " + interval);
    }
    long ms = interval.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    throw new AssertionError("unreachable: every duration divides into milliseconds");
  }

  private static List<String> values(Map<String, List<String>> vars, String name, String query) {
    List<String> values = vars.get(name);
    if (values == null || values.isEmpty()) {
      throw new AssertionError("variable $" + name + " has no values, in: " + query);
    }
    return values;
  }

  /** Grafana's regexEscape: every regex metacharacter and the InfluxQL regex delimiter. */
  static String regexEscape(String value) {
    return value.replaceAll("([\\\\^$*+?.()|{}\\[\\]/])", "\\\\$1");
  }
}
