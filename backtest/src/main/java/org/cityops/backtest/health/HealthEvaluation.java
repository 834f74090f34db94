package org.cityops.backtest.health;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.ingestion.simulator.health.DengueScenario;
import org.cityops.ingestion.simulator.health.DengueSimulation;
import org.cityops.ingestion.simulator.health.Outbreak;
import org.cityops.jobs.health.CaseRecord;
import org.cityops.jobs.health.HealthAreas;
import org.cityops.jobs.health.HealthConfig;
import org.cityops.jobs.health.HealthJob;
import org.cityops.jobs.health.NeighbourhoodDay;
import org.cityops.jobs.health.ScanResult;

/**
 * Runs the health job over a dengue simulation and scores its hotspots against the simulation's
 * outbreaks.
 *
 * <ul>
 *   <li>An outbreak is detected when a hotspot version names one of its neighbourhoods between its
 *       first day and two weeks after its last; the time to detect runs from the start of its first
 *       day to that version's time (the reporting clock: cases must have been notified).
 *   <li>A hotspot (one incident id, all its versions) is false when none of its versions names a
 *       neighbourhood of an outbreak, or one touching it, from the outbreak's first day to four
 *       weeks after its last (an outbreak's neighbours share its mosquitoes).
 * </ul>
 */
public final class HealthEvaluation {
  private HealthEvaluation() {}

  /**
   * How one outbreak went: when a hotspot named it, and, to see why not sooner, the first EARS
   * alarm and the first significant scan cluster in its neighbourhoods from its start on.
   */
  public record Detection(
      Outbreak outbreak, Duration timeToDetect, LocalDate firstEarsAlarm, LocalDate firstScan) {
    public boolean detected() {
      return timeToDetect != null;
    }
  }

  /** The evaluation's figures. */
  public record Score(
      List<Detection> outbreaks,
      List<String> falseHotspots,
      int hotspots,
      int largestHotspot,
      double neighbourhoodYears,
      int cases,
      int notifications,
      Duration simulation,
      Duration job) {

    public long detectedWithin(Duration limit) {
      return outbreaks.stream()
          .filter(d -> d.detected() && d.timeToDetect().compareTo(limit) <= 0)
          .count();
    }

    /** False hotspots per ten neighbourhood-years of data. */
    public double falsePerTenNeighbourhoodYears() {
      return falseHotspots.size() / neighbourhoodYears * 10;
    }

    public List<Duration> timesToDetect() {
      return outbreaks.stream()
          .filter(Detection::detected)
          .map(Detection::timeToDetect)
          .sorted()
          .toList();
    }
  }

  /**
   * Simulates {@code scenario} and runs the job on it in {@code env} (parallelism as the caller set
   * it; the sources run at 1), counting by {@code areas} (the scenario's neighbourhoods).
   */
  public static Score run(
      StreamExecutionEnvironment env,
      DengueScenario scenario,
      HealthAreas areas,
      HealthConfig config)
      throws Exception {
    return run(env, scenario, areas, config, null, new ArrayList<>());
  }

  /**
   * The same, also writing the job's time series to {@code store} with the production wiring, and
   * its hotspots, as the incident lifecycle leaves them, to the store and to {@code managed} (for a
   * dashboard's test).
   */
  public static Score run(
      StreamExecutionEnvironment env,
      DengueScenario scenario,
      HealthAreas areas,
      HealthConfig config,
      org.cityops.jobs.sinks.influx.InfluxTarget store,
      List<Incident> managed)
      throws Exception {
    ZoneId zone = ZoneId.of(config.timeZone());
    long simulationStart = System.nanoTime();
    DengueSimulation truth = scenario.simulate();
    Duration simulation = Duration.ofNanos(System.nanoTime() - simulationStart);

    DataStream<CaseRecord> cases =
        env.fromSource(
                new DataGeneratorSource<>(
                    new SimulatedCasesSource(scenario),
                    truth.notifications().size(),
                    TypeInformation.of(CaseRecord.class)),
                WatermarkStrategy.<CaseRecord>forMonotonousTimestamps()
                    .withTimestampAssigner((n, ts) -> n.notifiedAt().toEpochMilli()),
                "simulated notifications")
            .setParallelism(1);
    DataStream<Reading> temperatures =
        env.fromData(truth.temperatures())
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()))
            .setParallelism(1);
    DataStream<org.cityops.events.CitizenReport> reports =
        env.fromData(truth.residentReports())
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<org.cityops.events.CitizenReport>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()))
            .setParallelism(1);
    HealthJob.Outputs out = HealthJob.wire(cases, temperatures, reports, areas, config);
    CloseableIterator<Incident> lifecycle = null;
    if (store != null) {
      org.cityops.jobs.health.HealthJobStores.attach(out, store, config.timeZone());
      var worked =
          org.cityops.jobs.alerts.AlertsJob.incidents(
              out.incidents(),
              null,
              org.cityops.jobs.incidents.LifecycleConfig.from(
                  new org.cityops.jobs.common.Settings(Map.of())));
      worked
          .sinkTo(
              new org.cityops.jobs.sinks.influx.InfluxSink<>(
                  store, org.cityops.jobs.sinks.influx.Measurements.incidents()))
          .uid("evaluation-incidents-store")
          .name("store incidents");
      lifecycle = worked.collectAsync();
    }
    List<Incident> incidents = new ArrayList<>();
    List<NeighbourhoodDay> alarms = new ArrayList<>();
    List<ScanResult> scans = new ArrayList<>();
    long jobStart = System.nanoTime();
    CloseableIterator<NeighbourhoodDay> alarmIt =
        out.days().filter(NeighbourhoodDay::anyAlarm).name("EARS alarms").collectAsync();
    CloseableIterator<ScanResult> scanIt =
        out.scans()
            .filter(r -> !r.significant().isEmpty())
            .name("significant scans")
            .collectAsync();
    CloseableIterator<Incident> incidentIt = out.incidents().collectAsync();
    // every collected stream is drained while the job runs: a collect sink whose buffer fills
    // waits for its reader, and a reader that waits for the job's end would wait for ever
    // (a thread each: the common pool has one thread on two cores, and these readers block)
    var readers = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var running = env.executeAsync("health-evaluation-" + scenario.seed());
      var drained =
          java.util.concurrent.CompletableFuture.allOf(
              drain(incidentIt, incidents, readers),
              drain(alarmIt, alarms, readers),
              drain(scanIt, scans, readers),
              lifecycle == null
                  ? java.util.concurrent.CompletableFuture.completedFuture(null)
                  : drain(lifecycle, managed, readers));
      running.getJobExecutionResult().get();
      drained.get();
    } finally {
      readers.shutdownNow();
    }
    Duration job = Duration.ofNanos(System.nanoTime() - jobStart);
    return score(
        truth,
        incidents,
        alarms,
        scans,
        areas,
        zone,
        areas.zones().zones().size() * scenario.days() / 365.0,
        simulation,
        job);
  }

  private static <T> java.util.concurrent.CompletableFuture<Void> drain(
      CloseableIterator<T> from, List<T> into, java.util.concurrent.Executor on) {
    return java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          try (from) {
            List<T> got = new ArrayList<>();
            from.forEachRemaining(got::add);
            synchronized (into) {
              into.addAll(got);
            }
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        },
        on);
  }

  static Score score(
      DengueSimulation truth,
      List<Incident> incidents,
      List<NeighbourhoodDay> alarms,
      List<ScanResult> scans,
      HealthAreas areas,
      ZoneId zone,
      double neighbourhoodYears,
      Duration simulation,
      Duration job) {
    List<Incident> versions =
        incidents.stream()
            .filter(i -> i.type() == IncidentType.DISEASE_HOTSPOT && i.clearedAt() == null)
            .sorted(Comparator.comparing(Incident::updatedAt))
            .toList();
    List<Detection> detections = new ArrayList<>();
    Set<String> explained = new HashSet<>();
    for (Outbreak o : truth.outbreaks()) {
      Instant from = o.start().atStartOfDay(zone).toInstant();
      Instant detectBy = o.end().plusWeeks(2).plusDays(1).atStartOfDay(zone).toInstant();
      Instant explainsUntil = o.end().plusWeeks(4).plusDays(1).atStartOfDay(zone).toInstant();
      Set<String> near = new HashSet<>(o.neighbourhoods());
      o.neighbourhoods().forEach(n -> near.addAll(areas.adjacency().neighbours(n)));
      Duration first = null;
      for (Incident v : versions) {
        Set<String> members = members(v);
        boolean inTime = !v.updatedAt().isBefore(from);
        if (inTime
            && v.updatedAt().isBefore(explainsUntil)
            && members.stream().anyMatch(near::contains)) {
          explained.add(v.incidentId());
        }
        if (first == null
            && inTime
            && v.updatedAt().isBefore(detectBy)
            && members.stream().anyMatch(o.neighbourhoods()::contains)) {
          first = Duration.between(from, v.updatedAt());
        }
      }
      LocalDate ears =
          alarms.stream()
              .filter(a -> o.neighbourhoods().contains(a.neighbourhood()))
              .map(NeighbourhoodDay::day)
              .filter(d -> !d.isBefore(o.start()))
              .min(Comparator.naturalOrder())
              .orElse(null);
      LocalDate scan =
          scans.stream()
              .filter(r -> !r.day().isBefore(o.start()))
              .filter(r -> o.neighbourhoods().stream().anyMatch(n -> r.clusterOf(n) != null))
              .map(ScanResult::day)
              .min(Comparator.naturalOrder())
              .orElse(null);
      detections.add(new Detection(o, first, ears, scan));
    }
    Map<String, Boolean> ids = new LinkedHashMap<>();
    versions.forEach(v -> ids.put(v.incidentId(), true));
    List<String> falseHotspots =
        ids.keySet().stream().filter(id -> !explained.contains(id)).toList();
    int largest = versions.stream().mapToInt(v -> members(v).size()).max().orElse(0);
    return new Score(
        detections,
        falseHotspots,
        ids.size(),
        largest,
        neighbourhoodYears,
        truth.cases(),
        truth.notifications().size(),
        simulation,
        job);
  }

  /** The neighbourhoods a hotspot version names (its per-member evidence). */
  static Set<String> members(Incident hotspot) {
    Set<String> out = new HashSet<>();
    for (Evidence e : hotspot.evidence()) {
      if (e.signal().equals("alert_level")) {
        out.add(e.sourceId());
      }
    }
    return out;
  }
}
