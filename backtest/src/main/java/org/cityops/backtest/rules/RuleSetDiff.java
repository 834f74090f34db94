package org.cityops.backtest.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.jobs.rain.RuleVersions;

/**
 * What two rule sets do differently on the same readings: the detectors' incidents of one run
 * against the other's. "What would this change have done last February?"
 *
 * <p>An incident is a detector's incident id with all its versions: its kind, where (the gauge or
 * zone its area names), when it opened and ended, its highest severity. Incidents of the two runs
 * are the same incident when kind and place agree and their spans overlap (a stricter threshold
 * opens the same storm's incident later, under another id). Each is then one of: only under the
 * first rule set, only under the second, in both but changed (opened at another time, ended at
 * another time, another highest severity), or in both unchanged.
 */
public final class RuleSetDiff {
  private RuleSetDiff() {}

  /** One incident of a run, all its versions taken together. */
  public record Summary(
      String incidentId,
      IncidentType type,
      String place,
      Instant openedAt,
      Instant endedAt,
      Severity highest,
      int versions,
      String rules) {

    boolean overlaps(Summary o) {
      return type == o.type
          && place.equals(o.place)
          && !openedAt.isAfter(o.endedAt)
          && !o.openedAt.isAfter(endedAt);
    }
  }

  /** A pair of incidents that are the same incident, and how it changed (empty: it did not). */
  public record Changed(Summary first, Summary second, String how) {}

  public record Result(
      List<Summary> onlyFirst, List<Summary> onlySecond, List<Changed> changed, int unchanged) {

    /** For people: one line per difference, then the counts. */
    public String report(String firstName, String secondName) {
      StringBuilder out = new StringBuilder();
      out.append("Only under ")
          .append(firstName)
          .append(" (")
          .append(onlyFirst.size())
          .append("):\n");
      onlyFirst.forEach(s -> out.append("  ").append(line(s)).append('\n'));
      out.append("Only under ")
          .append(secondName)
          .append(" (")
          .append(onlySecond.size())
          .append("):\n");
      onlySecond.forEach(s -> out.append("  ").append(line(s)).append('\n'));
      out.append("Changed (").append(changed.size()).append("):\n");
      changed.forEach(
          c -> out.append("  ").append(line(c.first())).append(": ").append(c.how()).append('\n'));
      out.append("Unchanged: ").append(unchanged).append('\n');
      return out.toString();
    }

    private static String line(Summary s) {
      return String.format(
          "%s at %s, %s to %s, up to %s (%s)",
          s.type().name().toLowerCase(java.util.Locale.ROOT),
          s.place(),
          s.openedAt(),
          s.endedAt(),
          s.highest(),
          s.incidentId());
    }
  }

  /** Every incident of a run's detections, by id. */
  public static List<Summary> summaries(List<Incident> detections) {
    Map<String, List<Incident>> byId = new LinkedHashMap<>();
    for (Incident i : detections) {
      byId.computeIfAbsent(i.incidentId(), k -> new ArrayList<>()).add(i);
    }
    List<Summary> out = new ArrayList<>();
    for (List<Incident> versions : byId.values()) {
      versions.sort(Comparator.comparingLong(Incident::version));
      Incident first = versions.get(0);
      Incident last = versions.get(versions.size() - 1);
      Severity highest =
          versions.stream().map(Incident::severity).max(Comparator.naturalOrder()).orElseThrow();
      Instant ended = last.clearedAt() != null ? last.clearedAt() : last.updatedAt();
      java.util.Set<String> rules = new java.util.TreeSet<>();
      for (Incident v : versions) {
        RuleVersions.judgedBy(v).ifPresent(rules::add);
      }
      out.add(
          new Summary(
              first.incidentId(),
              first.type(),
              first.area().zone() != null ? first.area().zone() : first.area().center().toString(),
              first.openedAt(),
              ended,
              highest,
              versions.size(),
              String.join(", ", rules)));
    }
    out.sort(Comparator.comparing(Summary::openedAt).thenComparing(Summary::incidentId));
    return out;
  }

  /** The differences between the detections of a run under one rule set and under another. */
  public static Result compare(List<Incident> first, List<Incident> second) {
    List<Summary> a = summaries(first);
    List<Summary> b = new ArrayList<>(summaries(second));
    List<Summary> onlyFirst = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    int unchanged = 0;
    for (Summary x : a) {
      Summary match = b.stream().filter(x::overlaps).findFirst().orElse(null);
      if (match == null) {
        onlyFirst.add(x);
        continue;
      }
      b.remove(match);
      String how = how(x, match);
      if (how.isEmpty()) {
        unchanged++;
      } else {
        changed.add(new Changed(x, match, how));
      }
    }
    return new Result(List.copyOf(onlyFirst), List.copyOf(b), List.copyOf(changed), unchanged);
  }

  private static String how(Summary x, Summary y) {
    List<String> parts = new ArrayList<>();
    if (!x.openedAt().equals(y.openedAt())) {
      parts.add("opens " + shift(x.openedAt(), y.openedAt()));
    }
    if (!x.endedAt().equals(y.endedAt())) {
      parts.add("ends " + shift(x.endedAt(), y.endedAt()));
    }
    if (x.highest() != y.highest()) {
      parts.add("up to " + y.highest() + " instead of " + x.highest());
    }
    return String.join(", ", parts);
  }

  private static String shift(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    long minutes = Math.abs(d.toMinutes());
    return minutes + " min " + (d.isNegative() ? "earlier" : "later");
  }

  /** Incidents per rule version, as "heavy-rain v1" → count; incidents no rule names apart. */
  public static Map<String, Integer> perRule(List<Incident> detections) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Summary s : summaries(detections)) {
      counts.merge(
          s.rules().isEmpty()
              ? "(no rule: " + s.type().name().toLowerCase(java.util.Locale.ROOT) + ")"
              : s.rules(),
          1,
          Integer::sum);
    }
    return counts;
  }
}
