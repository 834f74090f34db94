package org.cityops.console.board;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.cityops.events.CapAlert;
import org.cityops.events.CitizenReport;
import org.cityops.events.CityStage;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.PendingWarning;
import org.cityops.events.Reading;

/**
 * The console's picture of the city, rebuilt from the jobs' topics: every version of every incident
 * (for its timeline), the newest public warning and the warning waiting for approval per incident,
 * the city's stage, and each sensor's latest reading (a sensor silent for longer than {@code
 * staleAfter} is shown as stale: silence must not look like calm). Versions come at least once and
 * in any order: a version already held is ignored, an older one takes its place in the timeline
 * without replacing the newest. Watchers hear of each change as it is taken in.
 *
 * <p>Thread-safe: one feed writes, many requests read.
 */
public final class Board {
  /** What changed, for the live feed: the kind and the record itself. */
  public record Change(String kind, Object record) {}

  private static final int MAX_VERSIONS = 200;

  private final Map<String, List<Incident>> versions = new ConcurrentHashMap<>();
  private final Map<String, CapAlert> warnings = new ConcurrentHashMap<>();
  private final Map<String, PendingWarning> pending = new ConcurrentHashMap<>();
  private volatile CityStage stage;

  /** Per resident, the newest advice per commute. */
  private final Map<String, Map<String, org.cityops.events.RouteAdvice>> routes =
      new ConcurrentHashMap<>();

  private final Map<String, Reading> sensors = new ConcurrentHashMap<>();
  private final java.util.Deque<CitizenReport> reports = new java.util.ArrayDeque<>();
  private final java.util.Set<String> reportIds = new java.util.HashSet<>();
  private static final int MAX_REPORTS = 200;
  private final java.time.Duration staleAfter;
  private final java.time.Clock clock;

  /**
   * @param staleAfter how long a sensor may be silent before it is shown as stale
   */
  public Board(java.time.Duration staleAfter, java.time.Clock clock) {
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  /** Sensors stale after 30 minutes (two missed readings of a gauge that reports every 15). */
  public Board() {
    this(java.time.Duration.ofMinutes(30), java.time.Clock.systemUTC());
  }

  /** A reading: kept when it is the sensor's newest. Readings are many: watchers are not told. */
  public void take(Reading r) {
    sensors.merge(r.sensorId(), r, (a, b) -> b.time().isAfter(a.time()) ? b : a);
  }

  /**
   * A resident's report: the newest {@value #MAX_REPORTS} are kept (a repeat of one held is
   * ignored), and watchers are told. Its text is the resident's, hostile until shown as text.
   */
  public void take(CitizenReport r) {
    synchronized (reports) {
      if (!reportIds.add(r.reportId())) {
        return;
      }
      reports.addFirst(r);
      if (reports.size() > MAX_REPORTS) {
        reportIds.remove(reports.removeLast().reportId());
      }
    }
    tell(new Change("report", r));
  }

  /** The newest reports, newest first by event time. */
  public List<CitizenReport> reports() {
    synchronized (reports) {
      return reports.stream().sorted(Comparator.comparing(CitizenReport::time).reversed()).toList();
    }
  }

  private volatile List<PipelineHealth.GroupHealth> pipeline = List.of();

  /** The jobs' lag as last read from Kafka ({@link PipelineHealth}). */
  public void takePipeline(List<PipelineHealth.GroupHealth> health) {
    pipeline = List.copyOf(health);
  }

  public List<PipelineHealth.GroupHealth> pipeline() {
    return pipeline;
  }

  /** Every sensor heard of, the stale ones first, then by id. */
  public List<SensorView> sensors() {
    java.time.Instant now = clock.instant();
    List<SensorView> out = new ArrayList<>();
    sensors.values().forEach(r -> out.add(SensorView.of(r, now, staleAfter)));
    out.sort(
        Comparator.comparing((SensorView v) -> !v.stale()).thenComparing(SensorView::sensorId));
    return out;
  }

  private final List<Consumer<Change>> watchers = new CopyOnWriteArrayList<>();

  public void watch(Consumer<Change> watcher) {
    watchers.add(watcher);
  }

  public void unwatch(Consumer<Change> watcher) {
    watchers.remove(watcher);
  }

  public void take(Incident incident) {
    boolean[] added = {false};
    versions.compute(
        incident.incidentId(),
        (id, list) -> {
          List<Incident> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
          if (l.stream().noneMatch(v -> v.version() == incident.version())) {
            l.add(incident);
            l.sort(Comparator.comparingLong(Incident::version));
            if (l.size() > MAX_VERSIONS) {
              l.remove(0);
            }
            added[0] = true;
          }
          return List.copyOf(l);
        });
    if (added[0]) {
      tell(new Change("incident", latest(incident.incidentId()).orElseThrow()));
    }
  }

  public void take(CapAlert alert) {
    CapAlert known = warnings.get(alert.incidentId());
    if (known == null || known.incidentVersion() < alert.incidentVersion()) {
      warnings.put(alert.incidentId(), alert);
      tell(new Change("warning", alert));
    }
  }

  public void take(PendingWarning waiting) {
    if (waiting.resolved()) {
      if (pending.remove(waiting.incidentId()) != null) {
        tell(new Change("pending", waiting));
      }
      return;
    }
    PendingWarning known = pending.get(waiting.incidentId());
    if (known == null || !known.equals(waiting)) {
      pending.put(waiting.incidentId(), waiting);
      tell(new Change("pending", waiting));
    }
  }

  /** Keeps a resident's newest advice per commute (by the incident change's time). */
  public void take(org.cityops.events.RouteAdvice advice) {
    Map<String, org.cityops.events.RouteAdvice> mine =
        routes.computeIfAbsent(advice.residentId(), k -> new ConcurrentHashMap<>());
    org.cityops.events.RouteAdvice known = mine.get(advice.commute());
    if (known == null || !known.at().isAfter(advice.at())) {
      mine.put(advice.commute(), advice);
      tell(new Change("route", advice));
    }
  }

  /** A resident's newest advice, one per commute, by commute name. */
  public List<org.cityops.events.RouteAdvice> routes(String residentId) {
    return routes.getOrDefault(residentId, Map.of()).values().stream()
        .sorted(java.util.Comparator.comparing(org.cityops.events.RouteAdvice::commute))
        .toList();
  }

  public void take(CityStage next) {
    CityStage known = stage;
    if (known == null || !known.since().isAfter(next.since())) {
      stage = next;
      tell(new Change("stage", next));
    }
  }

  public Optional<Incident> latest(String incidentId) {
    List<Incident> l = versions.get(incidentId);
    return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
  }

  /** The incident's versions, oldest first (its timeline), or empty when unknown. */
  public List<Incident> history(String incidentId) {
    return versions.getOrDefault(incidentId, List.of());
  }

  /** The newest public message of each incident that is not a Cancel: the warnings in force. */
  public List<CapAlert> warningsInForce() {
    return warnings.values().stream()
        .filter(a -> a.msgType() != CapAlert.MsgType.Cancel)
        .sorted(Comparator.comparing(CapAlert::identifier))
        .toList();
  }

  public Optional<CapAlert> warning(String incidentId) {
    return Optional.ofNullable(warnings.get(incidentId));
  }

  public Optional<PendingWarning> waiting(String incidentId) {
    return Optional.ofNullable(pending.get(incidentId));
  }

  public Optional<CityStage> stage() {
    return Optional.ofNullable(stage);
  }

  /**
   * The operators' queue: incidents active or cleared but not yet acknowledged, the most severe
   * first, then the oldest.
   */
  public List<Incident> queue() {
    List<Incident> out = new ArrayList<>();
    for (String id : versions.keySet()) {
      latest(id)
          .filter(i -> i.status().isActive() || i.status() == IncidentStatus.CLEARED_UNACK)
          .ifPresent(out::add);
    }
    out.sort(
        Comparator.comparing(Incident::severity)
            .reversed()
            .thenComparing(Incident::openedAt)
            .thenComparing(Incident::incidentId));
    return out;
  }

  private void tell(Change change) {
    for (Consumer<Change> w : watchers) {
      w.accept(change);
    }
  }
}
