package org.cityops.ingestion.simulator.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneAdjacency;

/**
 * Dengue notifications over a city's neighbourhoods for a span of days, with outbreaks as ground
 * truth, by the model of {@link DengueModel}. Deterministic for a seed: the same seed gives the
 * same cases, notifications and outbreaks.
 */
public final class DengueSimulation {
  private final ZoneAdjacency adjacency;
  private final Map<String, Integer> populations;
  private final DengueModel model;
  private final LocalDate start;
  private final int days;
  private final ZoneId zone;
  private final SplittableRandom random;
  private final List<Outbreak> outbreaks = new ArrayList<>();
  private final List<CaseNotification> notifications = new ArrayList<>();
  private final List<Reading> temperatures = new ArrayList<>();
  private final List<org.cityops.events.CitizenReport> residentReports = new ArrayList<>();
  private int cases;

  /** Simulates {@code scenario}; {@link DengueScenario#simulate()} says the same. */
  public DengueSimulation(DengueScenario scenario) {
    this.adjacency = scenario.adjacency();
    this.populations = new TreeMap<>(scenario.populations());
    this.model = scenario.model();
    this.start = scenario.start();
    this.days = scenario.days();
    this.zone = ZoneId.of(scenario.zone());
    this.random = new SplittableRandom(scenario.seed());
    placeOutbreaks();
    simulateCases();
    simulateTemperatures();
    residentReports.sort(
        Comparator.comparing(org.cityops.events.CitizenReport::time)
            .thenComparing(org.cityops.events.CitizenReport::reportId));
    notifications.sort(
        Comparator.comparing(CaseNotification::notifiedAt)
            .thenComparing(CaseNotification::notificationId));
  }

  /**
   * Synthetic populations: log-normal around 40,000 (Rio's 6.3 million over its 164
   * neighbourhoods), kept between 25,000 and 200,000.
   */
  public static Map<String, Integer> populations(List<String> ids, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String id : new java.util.TreeSet<>(ids)) {
      double z = gaussian(random);
      out.put(id, (int) Math.max(25_000, Math.min(200_000, 40_000 * Math.exp(0.5 * z))));
    }
    return out;
  }

  public List<Outbreak> outbreaks() {
    return List.copyOf(outbreaks);
  }

  /** Every notification message, in the order of notification. */
  public List<CaseNotification> notifications() {
    return List.copyOf(notifications);
  }

  /**
   * Residents' reports of suspected dengue through the city's app, in time order: one case in
   * twenty is reported by someone near it the day after the first symptoms, from the
   * neighbourhood's centre, give or take a few hundred metres.
   */
  public List<org.cityops.events.CitizenReport> residentReports() {
    return List.copyOf(residentReports);
  }

  /** Weather stations' daily minimum temperatures, in time order. */
  public List<Reading> temperatures() {
    return List.copyOf(temperatures);
  }

  /** Cases that fell ill (not messages: duplicates and revisions are not cases). */
  public int cases() {
    return cases;
  }

  public LocalDate start() {
    return start;
  }

  public int days() {
    return days;
  }

  private void placeOutbreaks() {
    int count = (int) Math.round(model.outbreaksPerYear() * days / 365.0);
    List<String> ids = List.copyOf(populations.keySet());
    // leave eight weeks at the start (the detectors need history) and ten at the end (room to
    // detect and to clear)
    int earliest = 56;
    int latest = days - 70;
    int tries = 0;
    while (outbreaks.size() < count && tries++ < 10_000 && latest > earliest) {
      LocalDate first = start.plusDays(earliest + random.nextInt(latest - earliest));
      int weeks = model.minWeeks() + random.nextInt(model.maxWeeks() - model.minWeeks() + 1);
      LocalDate last = first.plusDays(7L * weeks - 1);
      int size = 1 + random.nextInt(model.maxSize());
      List<String> members = new ArrayList<>();
      members.add(ids.get(random.nextInt(ids.size())));
      while (members.size() < size) {
        List<String> next = new ArrayList<>();
        for (String m : members) {
          for (String n : adjacency.neighbours(m)) {
            if (!members.contains(n) && !next.contains(n) && populations.containsKey(n)) {
              next.add(n);
            }
          }
        }
        if (next.isEmpty()) {
          break;
        }
        java.util.Collections.sort(next);
        members.add(next.get(random.nextInt(next.size())));
      }
      boolean clash =
          outbreaks.stream()
              .anyMatch(
                  o ->
                      !o.end().plusWeeks(4).isBefore(first)
                          && !last.plusWeeks(4).isBefore(o.start())
                          && o.neighbourhoods().stream()
                              .anyMatch(
                                  n ->
                                      members.contains(n)
                                          || members.stream()
                                              .anyMatch(m -> adjacency.neighbours(m).contains(n))));
      if (clash) {
        continue;
      }
      double factor =
          model.minMultiplier()
              + random.nextDouble() * (model.maxMultiplier() - model.minMultiplier());
      java.util.Collections.sort(members);
      outbreaks.add(
          new Outbreak(
              outbreaks.size() + 1,
              List.copyOf(members),
              first,
              last,
              Math.round(factor * 100) / 100.0));
    }
    outbreaks.sort(Comparator.comparing(Outbreak::start));
  }

  private double multiplier(String neighbourhood, LocalDate day) {
    for (Outbreak o : outbreaks) {
      if (o.covers(neighbourhood, day)) {
        return o.multiplier();
      }
    }
    return 1;
  }

  private void simulateCases() {
    int n = 0;
    for (int d = 0; d < days; d++) {
      LocalDate day = start.plusDays(d);
      double season =
          1
              + model.seasonalAmplitude()
                  * Math.cos(2 * Math.PI * (day.getDayOfYear() - model.peakDayOfYear()) / 365.0);
      for (var e : populations.entrySet()) {
        double mean =
            e.getValue()
                * model.baseWeeklyPer100k()
                / 100_000
                / 7
                * season
                * multiplier(e.getKey(), day);
        int k = poisson(random, mean);
        for (int i = 0; i < k; i++) {
          notify("sim-" + (++n), e.getKey(), day);
          if (random.nextDouble() < RESIDENT_REPORT_SHARE) {
            report(n, e.getKey(), day);
          }
        }
        cases += k;
      }
    }
  }

  /** One case in twenty reaches the city's app as a resident's report. */
  static final double RESIDENT_REPORT_SHARE = 0.05;

  private void report(int n, String neighbourhood, LocalDate onset) {
    GeoPoint centre = adjacency.zones().byId(neighbourhood).orElseThrow().representativePoint();
    GeoPoint at =
        new GeoPoint(
            centre.lat() + (random.nextDouble() - 0.5) * 0.004,
            centre.lon() + (random.nextDouble() - 0.5) * 0.004);
    residentReports.add(
        new org.cityops.events.CitizenReport(
            "app-" + n,
            org.cityops.events.ReportCategory.DENGUE_SUSPECTED,
            workingHour(onset.plusDays(1)),
            at,
            "febre e dor no corpo, vizinhos também",
            null,
            "resident-" + random.nextInt(1_000_000)));
  }

  private void notify(String id, String neighbourhood, LocalDate onset) {
    int delay;
    if (random.nextDouble() < model.longDelayShare()) {
      delay = 7 + random.nextInt(22);
    } else {
      double p = 1 / model.meanDelayDays();
      delay = 1;
      while (random.nextDouble() > p) {
        delay++;
      }
    }
    Instant notified = workingHour(onset.plusDays(delay));
    CaseNotification first =
        new CaseNotification(
            id,
            Disease.DENGUE,
            CaseNotification.Status.SUSPECTED,
            onset,
            notified,
            neighbourhood,
            null,
            1,
            "cms-" + (Math.abs(neighbourhood.hashCode()) % 40));
    notifications.add(first);
    if (random.nextDouble() < model.duplicateShare()) {
      notifications.add(
          withTime(first, first.status(), notified.plusSeconds(3_600L * (1 + random.nextInt(40)))));
    }
    double r = random.nextDouble();
    if (r < model.confirmShare()) {
      notifications.add(
          withTime(
              first,
              CaseNotification.Status.CONFIRMED,
              workingHour(onset.plusDays(delay + 7 + random.nextInt(15)))));
    } else if (r < model.confirmShare() + model.discardShare()) {
      notifications.add(
          withTime(
              first,
              CaseNotification.Status.DISCARDED,
              workingHour(onset.plusDays(delay + 7 + random.nextInt(15)))));
    }
  }

  private static CaseNotification withTime(
      CaseNotification n, CaseNotification.Status status, Instant at) {
    return new CaseNotification(
        n.notificationId(),
        n.disease(),
        status,
        n.symptomsOnset(),
        at,
        n.neighbourhood(),
        n.location(),
        n.cases(),
        n.healthUnit());
  }

  private Instant workingHour(LocalDate day) {
    return day.atTime(8, 0).plusMinutes(random.nextInt(600)).atZone(zone).toInstant();
  }

  private void simulateTemperatures() {
    List<Zone> zones = adjacency.zones().zones();
    // three stations, spread over the map's list: north, middle, south of it as it is ordered
    List<Zone> stations =
        List.of(zones.get(0), zones.get(zones.size() / 2), zones.get(zones.size() - 1));
    int end = days + 35; // the notifications run past the last onset
    for (int d = 0; d < end; d++) {
      LocalDate day = start.plusDays(d);
      double mean = 21.5 + 3.5 * Math.cos(2 * Math.PI * (day.getDayOfYear() - 45) / 365.0);
      for (int s = 0; s < stations.size(); s++) {
        GeoPoint at = stations.get(s).representativePoint();
        double t = Math.round((mean + gaussian(random)) * 10) / 10.0;
        temperatures.add(
            Reading.temperature(
                "weather-" + (s + 1), day.atTime(6, 0).atZone(zone).toInstant(), at, t));
      }
    }
  }

  /** Days from the first onset to {@code day}. */
  public long dayIndex(LocalDate day) {
    return ChronoUnit.DAYS.between(start, day);
  }

  static int poisson(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 60) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
