package org.cityops.backtest.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cityops.backtest.rules.RuleSetDiff.Summary;

/**
 * A run's incidents scored against what people said happened ({@link Labels}).
 *
 * <p>An incident <em>found</em> a confirmed event when it has the event's type and place and was
 * open at some time from {@code window} before the event to {@code window} after it (an incident
 * that cleared just before the water came still warned of it). Precision is over the incidents
 * people judged: found a confirmed event (true) or marked a false alarm (false); incidents nobody
 * judged are counted apart, not guessed. Recall is the share of confirmed events some incident
 * found. Lead time is how long before the event its first finding incident opened (negative:
 * after).
 */
public record LabelledScore(
    int judgedTrue,
    int judgedFalse,
    int unjudged,
    int eventsFound,
    int events,
    List<Duration> leadTimes,
    List<Labels.Confirmed> missed) {

  public static LabelledScore of(List<Summary> incidents, Labels labels, Duration window) {
    java.util.Set<String> found = new java.util.HashSet<>();
    List<Duration> leads = new ArrayList<>();
    List<Labels.Confirmed> missed = new ArrayList<>();
    for (Labels.Confirmed e : labels.confirmed()) {
      List<Summary> finding =
          incidents.stream()
              .filter(i -> i.type() == e.type() && i.place().equals(e.place()))
              .filter(
                  i ->
                      !i.openedAt().isAfter(e.time().plus(window))
                          && !i.endedAt().isBefore(e.time().minus(window)))
              .toList();
      if (finding.isEmpty()) {
        missed.add(e);
        continue;
      }
      finding.forEach(i -> found.add(i.incidentId()));
      Optional<Summary> first =
          finding.stream().min(java.util.Comparator.comparing(Summary::openedAt));
      leads.add(Duration.between(first.orElseThrow().openedAt(), e.time()));
    }
    int judgedTrue = 0;
    int judgedFalse = 0;
    int unjudged = 0;
    for (Summary i : incidents) {
      if (labels.falseAlarms().contains(i.incidentId())) {
        judgedFalse++;
      } else if (found.contains(i.incidentId())) {
        judgedTrue++;
      } else {
        unjudged++;
      }
    }
    leads.sort(null);
    return new LabelledScore(
        judgedTrue,
        judgedFalse,
        unjudged,
        labels.confirmed().size() - missed.size(),
        labels.confirmed().size(),
        List.copyOf(leads),
        List.copyOf(missed));
  }

  /** Of the incidents people judged, the share that found a real event; NaN when none judged. */
  public double precision() {
    int judged = judgedTrue + judgedFalse;
    return judged == 0 ? Double.NaN : judgedTrue / (double) judged;
  }

  /** Of the confirmed events, the share some incident found; NaN when there are none. */
  public double recall() {
    return events == 0 ? Double.NaN : eventsFound / (double) events;
  }

  /** The lower median: of an even count, the smaller of the middle two. */
  public Optional<Duration> medianLeadTime() {
    return leadTimes.isEmpty()
        ? Optional.empty()
        : Optional.of(leadTimes.get((leadTimes.size() - 1) / 2));
  }

  public String report() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "precision %.2f (%d of %d judged incidents found a confirmed event; %d marked false"
                + " alarms; %d not judged)%n",
            precision(), judgedTrue, judgedTrue + judgedFalse, judgedFalse, unjudged));
    out.append(
        String.format(
            "recall %.2f (%d of %d confirmed events found)%n", recall(), eventsFound, events));
    medianLeadTime()
        .ifPresent(
            m ->
                out.append(
                    String.format(
                        "lead time: median %d min (from %d to %d min before the event)%n",
                        m.toMinutes(),
                        leadTimes.get(0).toMinutes(),
                        leadTimes.get(leadTimes.size() - 1).toMinutes())));
    missed.forEach(
        e ->
            out.append(
                String.format(
                    "missed (line %d): %s at %s, %s%n",
                    e.line(),
                    e.type().name().toLowerCase(java.util.Locale.ROOT),
                    e.place(),
                    e.time())));
    return out.toString();
  }
}
