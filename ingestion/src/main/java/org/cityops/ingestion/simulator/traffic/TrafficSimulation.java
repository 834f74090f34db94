package org.cityops.ingestion.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.ReportCategory;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.DetectorPair;
import org.cityops.roads.DetectorSite;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.Segment;

/**
 * Traffic on a road network and what its detectors report, with accidents, closures and stuck
 * detectors injected and written down as ground truth. Everything is drawn from the scenario's
 * seed: the same scenario gives the same readings.
 *
 * <p>The model:
 *
 * <ul>
 *   <li>Each road in each direction is a {@link Corridor} (cell transmission model, 5 s steps).
 *       Crossing roads do not interact: intersections are treated as grade-separated.
 *   <li>Demand enters at each corridor's start: Poisson arrivals at the {@link DemandProfile}'s
 *       share of the entrance capacity times a per-corridor factor (0.8 to 1.0). One corridor in
 *       three ends in a bottleneck that takes only 80% of its capacity in the rush hours, so queues
 *       also form every day with nothing wrong (recurrent congestion).
 *   <li>An accident blocks 1 lane (two in three) or 2 lanes in one cell between two detectors for
 *       20 to 60 minutes; the capacity left is the {@link IncidentCapacity} share. Start times are
 *       drawn in proportion to the traffic (crashes follow exposure), one at a time per corridor,
 *       with 45 minutes of calm after each.
 *   <li>A closure blocks all lanes for 30 to 90 minutes. A stuck detector repeats its last reading
 *       for 1 to 3 hours.
 *   <li>Detectors report every interval: vehicles counted, occupancy (density over jam density, in
 *       percent), and the mean speed of the vehicles that passed (none when none did), with
 *       measurement noise of 3%, 5% and 4%; a share of readings is lost.
 * </ul>
 */
public final class TrafficSimulation {
  static final Duration STEP = Duration.ofSeconds(5);
  private static final double BOTTLENECK_SHARE = 0.80;
  private static final Duration CALM_AFTER = Duration.ofMinutes(45);

  private final DetectorLayout layout;
  private final TrafficScenario scenario;
  private final List<Corridor> corridors = new ArrayList<>();
  private final Map<String, Probe> probes = new LinkedHashMap<>();
  private final List<TrafficEvent> events = new ArrayList<>();
  private final Map<TrafficEvent, Probe> placeOf = new HashMap<>();
  private final Random random;
  private final Random noise;
  private final Random arrivals;
  private long step;
  private final Set<TrafficEvent> queued = new HashSet<>();
  private final Random reporting;
  private final List<Segment> allSegments;
  private List<CitizenReport> lastReports = List.of();
  private long reportCount;

  public TrafficSimulation(RoadNetwork network, DetectorLayout layout, TrafficScenario scenario) {
    if (scenario.interval().toMillis() % STEP.toMillis() != 0) {
      throw new IllegalArgumentException(
          "interval must be a multiple of the " + STEP.toSeconds() + " s step");
    }
    this.layout = layout;
    this.scenario = scenario;
    this.random = new Random(scenario.seed());
    this.noise = new Random(scenario.seed() ^ 0x5DEECE66DL);
    this.arrivals = new Random(scenario.seed() * 31 + 7);
    this.reporting = new Random(scenario.seed() * 17 + 3);
    this.allSegments = network.segments();
    buildCorridors(network);
    for (DetectorSite site : layout.sites().values()) {
      probes.put(site.id(), locate(site));
    }
    drawEvents();
  }

  /**
   * Whether a queue formed behind an accident or closure in the steps played so far: the cell
   * before it held more than twice its critical density. One that left more capacity than the
   * traffic needed (a lane lost at night) changes nothing a detector can measure.
   */
  public boolean queueFormed(TrafficEvent e) {
    return queued.contains(e);
  }

  /** What was injected, in start order. */
  public List<TrafficEvent> events() {
    return List.copyOf(events);
  }

  private void buildCorridors(RoadNetwork network) {
    Set<String> continued = new HashSet<>();
    for (Segment s : network.segments()) {
      Segment next = network.next(s);
      if (next != null) {
        continued.add(next.id());
      }
    }
    Set<String> used = new HashSet<>();
    List<Segment> starts = new ArrayList<>();
    for (Segment s : network.segments()) {
      if (!continued.contains(s.id())) {
        starts.add(s);
      }
    }
    starts.addAll(network.segments()); // rings have no start: any unused segment begins one
    for (Segment start : starts) {
      if (used.contains(start.id())) {
        continue;
      }
      List<Segment> run = new ArrayList<>();
      for (Segment s = start; s != null && used.add(s.id()); s = network.next(s)) {
        run.add(s);
      }
      corridors.add(
          new Corridor(
              run, STEP.toSeconds(), 0.8 + 0.2 * random.nextDouble(), random.nextInt(3) == 0));
    }
  }

  private Probe locate(DetectorSite site) {
    for (Corridor c : corridors) {
      for (int s = 0; s < c.segments.size(); s++) {
        if (c.segments.get(s).id().equals(site.segmentId())) {
          return new Probe(site, c, c.cellAt(s, site.fraction()));
        }
      }
    }
    throw new IllegalStateException("detector " + site.id() + " is on no corridor");
  }

  private void drawEvents() {
    List<DetectorPair> pairs = new ArrayList<>();
    for (DetectorPair p : layout.pairs()) {
      Probe up = probes.get(p.upstream());
      Probe down = probes.get(p.downstream());
      if (up.corridor == down.corridor && down.cell - up.cell >= 2) {
        pairs.add(p);
      }
    }
    double days = scenario.duration().toSeconds() / 86_400.0;
    Map<Corridor, List<Instant[]>> busy = new HashMap<>();
    place(TrafficEvent.Kind.ACCIDENT, count(scenario.accidentsPerDay() * days), pairs, busy);
    place(TrafficEvent.Kind.CLOSURE, count(scenario.closuresPerDay() * days), pairs, busy);
    List<Probe> all = new ArrayList<>(probes.values());
    for (int i = count(scenario.stuckPerDay() * days); i > 0 && !all.isEmpty(); i--) {
      Probe p = all.get(random.nextInt(all.size()));
      Duration length = Duration.ofMinutes(60 + random.nextInt(121));
      Instant start = uniformStart(length);
      if (start == null || !free(busy, p.corridor, start, length)) {
        continue;
      }
      TrafficEvent e =
          new TrafficEvent(
              TrafficEvent.Kind.STUCK_DETECTOR,
              p.site.segmentId(),
              p.site.id(),
              null,
              start,
              start.plus(length),
              0,
              1);
      events.add(e);
      placeOf.put(e, p);
    }
    events.sort(Comparator.comparing(TrafficEvent::start));
  }

  private int count(double expected) {
    return (int) Math.round(expected);
  }

  private void place(
      TrafficEvent.Kind kind,
      int n,
      List<DetectorPair> pairs,
      Map<Corridor, List<Instant[]>> busy) {
    int placed = 0;
    for (int attempt = 0; placed < n && attempt < n * 200 && !pairs.isEmpty(); attempt++) {
      DetectorPair pair = pairs.get(random.nextInt(pairs.size()));
      Probe up = probes.get(pair.upstream());
      Probe down = probes.get(pair.downstream());
      int cell = up.cell + 1 + random.nextInt(down.cell - up.cell - 1);
      Corridor corridor = up.corridor;
      int lanes = corridor.lanesAt(cell);
      boolean accident = kind == TrafficEvent.Kind.ACCIDENT;
      int blocked = accident ? (random.nextInt(3) < 2 ? 1 : 2) : lanes;
      Duration length =
          accident
              ? Duration.ofMinutes(20 + random.nextInt(41))
              : Duration.ofMinutes(30 + random.nextInt(61));
      Instant start = accident ? exposureWeightedStart(length) : uniformStart(length);
      if (start == null || !free(busy, corridor, start, length)) {
        continue;
      }
      TrafficEvent e =
          new TrafficEvent(
              kind,
              corridor.segments.get(corridor.segmentOfCell(cell)).id(),
              pair.upstream(),
              pair.downstream(),
              start,
              start.plus(length),
              Math.min(blocked, lanes),
              IncidentCapacity.share(lanes, blocked));
      events.add(e);
      placeOf.put(e, new Probe(null, corridor, cell));
      placed++;
    }
  }

  private boolean free(
      Map<Corridor, List<Instant[]>> busy, Corridor c, Instant start, Duration length) {
    Instant from = start.minus(CALM_AFTER);
    Instant to = start.plus(length).plus(CALM_AFTER);
    List<Instant[]> taken = busy.computeIfAbsent(c, k -> new ArrayList<>());
    for (Instant[] t : taken) {
      if (from.isBefore(t[1]) && t[0].isBefore(to)) {
        return false;
      }
    }
    taken.add(new Instant[] {from, to});
    return true;
  }

  /** A start in the scenario, in minutes, leaving room for the event to end inside it. */
  private Instant uniformStart(Duration length) {
    long room = scenario.duration().minus(length).toMinutes();
    return room <= 0 ? null : scenario.start().plus(Duration.ofMinutes(random.nextLong(room)));
  }

  private Instant exposureWeightedStart(Duration length) {
    for (int i = 0; i < 1_000; i++) {
      Instant t = uniformStart(length);
      if (t == null) {
        return null;
      }
      if (random.nextDouble() * 0.92 < DemandProfile.share(localTime(t))) {
        return t;
      }
    }
    return null;
  }

  private LocalTime localTime(Instant t) {
    return t.atZone(scenario.zone()).toLocalTime();
  }

  /** Plays the scenario, handing each reading to {@code out} in event-time order. */
  public void run(Consumer<Reading> out) {
    for (List<Reading> batch = nextInterval(); batch != null; batch = nextInterval()) {
      batch.forEach(out);
    }
  }

  /**
   * Plays the next reporting interval and returns what the detectors sent at its end, or null when
   * the scenario is over. Lets a source pull readings without holding them all.
   */
  public List<Reading> nextInterval() {
    long steps = scenario.duration().toMillis() / STEP.toMillis();
    long stepsPerInterval = scenario.interval().toMillis() / STEP.toMillis();
    if (step >= steps) {
      return null;
    }
    double stepS = STEP.toSeconds();
    List<Reading> sent = new ArrayList<>();
    List<CitizenReport> reports = new ArrayList<>();
    for (long i = 0; i < stepsPerInterval && step < steps; i++, step++) {
      Instant t = scenario.start().plus(STEP.multipliedBy(step));
      LocalTime local = localTime(t);
      for (TrafficEvent e : events) {
        if (e.kind() != TrafficEvent.Kind.STUCK_DETECTOR) {
          Probe place = placeOf.get(e);
          if (t.equals(e.start())) {
            place.corridor.setCapacityShare(place.cell, e.capacityShare());
          } else if (t.equals(e.end())) {
            place.corridor.setCapacityShare(place.cell, 1);
          }
        }
      }
      for (TrafficEvent e : events) {
        Probe place = placeOf.get(e);
        if (e.kind() != TrafficEvent.Kind.STUCK_DETECTOR
            && e.activeAt(t)
            && place.corridor.densityPerLane(place.cell - 1)
                > 2 * place.corridor.criticalDensityPerLane(place.cell - 1)) {
          queued.add(e);
        }
      }
      double demand = DemandProfile.share(local);
      boolean rush = DemandProfile.rushHour(local);
      for (Corridor c : corridors) {
        c.arrive(poisson(arrivals, demand * c.demandFactor * c.entranceCapacity() * stepS));
        c.step(stepS, c.exitBottleneck && rush ? BOTTLENECK_SHARE : 1);
      }
      report(t, stepS, reports);
      for (Probe p : probes.values()) {
        p.count += p.corridor.outflow(p.cell);
        p.speedTimesCount += p.corridor.speedMs(p.cell) * p.corridor.outflow(p.cell);
        p.density += p.corridor.densityPerLane(p.cell);
        p.steps++;
      }
    }
    Instant end = scenario.start().plus(STEP.multipliedBy(step));
    for (Probe p : probes.values()) {
      Reading r = measure(p, end, noise);
      if (noise.nextDouble() >= scenario.dropoutShare()) {
        sent.add(r);
      }
    }
    lastReports = List.copyOf(reports);
    return sent;
  }

  /** The residents' reports made during the interval {@link #nextInterval()} last played. */
  public List<CitizenReport> lastReports() {
    return lastReports;
  }

  /**
   * Drivers reaching an accident or closure report it now and then ({@code reportShare} of those
   * who arrive there), from about where it is (30 m of GPS error); now and then someone reports an
   * accident that is not there.
   */
  private void report(Instant t, double stepS, List<CitizenReport> out) {
    for (TrafficEvent e : events) {
      if (e.kind() == TrafficEvent.Kind.STUCK_DETECTOR || !e.activeAt(t)) {
        continue;
      }
      Probe place = placeOf.get(e);
      // who reaches it: those let through at an accident; at a closure, those joining the queue
      double arriving =
          e.kind() == TrafficEvent.Kind.CLOSURE
              ? place.corridor.lastArrivals()
              : place.corridor.outflow(place.cell - 1);
      if (reporting.nextDouble() < arriving * scenario.reportShare()) {
        out.add(
            citizenReport(
                t,
                jitter(place.corridor.pointOf(place.cell), 30),
                e.kind() == TrafficEvent.Kind.CLOSURE
                    ? ReportCategory.ROAD_BLOCKED
                    : ReportCategory.ACCIDENT));
      }
    }
    double spuriousPerStep = scenario.spuriousReportsPerDay() * stepS / 86_400;
    if (reporting.nextDouble() < spuriousPerStep) {
      Segment s = allSegments.get(reporting.nextInt(allSegments.size()));
      out.add(
          citizenReport(t, jitter(s.pointAt(reporting.nextDouble()), 30), ReportCategory.ACCIDENT));
    }
  }

  private CitizenReport citizenReport(Instant t, GeoPoint at, ReportCategory category) {
    long n = ++reportCount;
    return new CitizenReport(
        "sim-traffic-" + scenario.seed() + "-" + n,
        category,
        t,
        at,
        category == ReportCategory.ACCIDENT ? "Acidente na pista" : "Rua fechada",
        null,
        "driver-" + Long.toHexString(reporting.nextLong()));
  }

  private GeoPoint jitter(GeoPoint p, double metres) {
    double dLat = reporting.nextGaussian() * metres / 111_195;
    double dLon = reporting.nextGaussian() * metres / (111_195 * Math.cos(Math.toRadians(p.lat())));
    return new GeoPoint(
        Math.round((p.lat() + dLat) * 1e6) / 1e6, Math.round((p.lon() + dLon) * 1e6) / 1e6);
  }

  private Reading measure(Probe p, Instant end, Random noise) {
    double count = p.count;
    double densityPerLane = p.density / p.steps;
    double meanSpeedMs = count > 0 ? p.speedTimesCount / count : 0;
    p.count = 0;
    p.speedTimesCount = 0;
    p.density = 0;
    p.steps = 0;
    if (stuck(p.site.id(), end) && p.last != null) {
      return p.last.atTime(end);
    }
    double vf = p.corridor.freeFlowKmh(p.cell);
    double flow = Math.max(0, Math.round(count * (1 + 0.03 * noise.nextGaussian())));
    double occupancy =
        clamp(
            densityPerLane / Corridor.JAM_PER_LANE_PER_M * 100 * (1 + 0.05 * noise.nextGaussian()),
            0,
            100);
    Double speed = null;
    if (count >= 0.5) {
      speed = round1(clamp(meanSpeedMs * 3.6 * (1 + 0.04 * noise.nextGaussian()), 1, 150));
    }
    Reading r =
        Reading.trafficLoop(p.site.id(), end, p.site.location(), speed, flow, round1(occupancy));
    p.last = r;
    return r;
  }

  private boolean stuck(String detector, Instant t) {
    for (TrafficEvent e : events) {
      if (e.kind() == TrafficEvent.Kind.STUCK_DETECTOR
          && e.upstream().equals(detector)
          && e.activeAt(t)) {
        return true;
      }
    }
    return false;
  }

  private static double poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** A detector's place in the model and what it has counted since its last report. */
  private static final class Probe {
    final DetectorSite site;
    final Corridor corridor;
    final int cell;
    double count;
    double speedTimesCount;
    double density;
    int steps;
    Reading last;

    Probe(DetectorSite site, Corridor corridor, int cell) {
      this.site = site;
      this.corridor = corridor;
      this.cell = cell;
    }
  }
}
