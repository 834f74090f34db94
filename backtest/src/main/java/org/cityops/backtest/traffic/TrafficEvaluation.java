package org.cityops.backtest.traffic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.cityops.events.CitizenReport;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import org.cityops.ingestion.simulator.traffic.TrafficEvent;
import org.cityops.ingestion.simulator.traffic.TrafficScenario;
import org.cityops.ingestion.simulator.traffic.TrafficSimulation;
import org.cityops.jobs.alerts.AlertsJob;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.LifecycleConfig;
import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.sinks.influx.Measurements;
import org.cityops.jobs.traffic.TrafficConfig;
import org.cityops.jobs.traffic.TrafficJob;
import org.cityops.jobs.traffic.TrafficJobStores;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.RoadNetwork;

/**
 * Runs the traffic job on a simulated scenario and scores what it found against the simulator's
 * ground truth:
 *
 * <ul>
 *   <li>an accident is detected when a {@code traffic_incident} opens on its detector pair, or on a
 *       pair sharing one of its detectors (the detectors' incidents), or on a stretch of road
 *       sharing a node with its segment, on either street at a crossing (residents' reports),
 *       between its start and {@value #MATCH_AFTER_END_MIN} minutes after it was cleared; the time
 *       to detect runs from the accident's start to the event time of the incident's first version
 *       (when the job could tell someone);
 *   <li>every other {@code traffic_incident} is a false alarm (closures count as found, not false);
 *   <li>a stuck detector is found when a {@code sensor_maintenance} incident opens for it while it
 *       is stuck.
 * </ul>
 */
public final class TrafficEvaluation {
  static final long MATCH_AFTER_END_MIN = 10;

  private TrafficEvaluation() {}

  /** What the job found against what was injected. */
  public record Score(
      List<TrafficEvent> accidents,
      List<TrafficEvent> queueing,
      List<TrafficEvent> missed,
      List<Duration> timesToDetect,
      List<Incident> falseAlarms,
      double detectorDays,
      int stuckInjected,
      int stuckFound,
      int falseMaintenance,
      int congestionIncidents,
      int readings,
      Duration simulation,
      Duration job) {

    public double detectionRate() {
      return accidents.isEmpty() ? 1 : 1 - (double) missed.size() / accidents.size();
    }

    /** Detected among the accidents that built a queue (that detectors can see at all). */
    public double queueDetectionRate() {
      long missedQueues = missed.stream().filter(queueing::contains).count();
      return queueing.isEmpty() ? 1 : 1 - (double) missedQueues / queueing.size();
    }

    public Duration medianTimeToDetect() {
      if (timesToDetect.isEmpty()) {
        return null;
      }
      List<Duration> sorted = timesToDetect.stream().sorted().toList();
      return sorted.get((sorted.size() - 1) / 2);
    }

    public double falseAlarmsPerDetectorDay() {
      return falseAlarms.size() / detectorDays;
    }

    public String summary() {
      return String.format(
          java.util.Locale.ROOT,
          "%d readings; accidents %d, detected %d (%.1f%%); with a queue %d, detected %.1f%%;"
              + " median time to detect %s;"
              + " false alarms %d (%.4f per detector-day); stuck detectors %d, found %d,"
              + " maintenance on healthy detectors %d;"
              + " congestion incidents %d; the job ran %.0f readings/s (%.2f of the time the"
              + " simulation alone took)",
          readings,
          accidents.size(),
          accidents.size() - missed.size(),
          100 * detectionRate(),
          queueing.size(),
          100 * queueDetectionRate(),
          medianTimeToDetect(),
          falseAlarms.size(),
          falseAlarmsPerDetectorDay(),
          stuckInjected,
          stuckFound,
          falseMaintenance,
          congestionIncidents,
          readings / Math.max(0.001, job.toMillis() / 1000.0),
          (double) job.toMillis() / Math.max(1, simulation.toMillis()));
    }
  }

  public static Score run(
      StreamExecutionEnvironment env,
      SyntheticTraffic world,
      TrafficScenario scenario,
      TrafficConfig config)
      throws Exception {
    return run(env, world, scenario, config, null, null);
  }

  /**
   * The same, also storing the detectors' levels and, through the incident lifecycle as the alerts
   * job runs it, the incidents operators would work in {@code store}; {@code managed} receives
   * those incidents.
   */
  public static Score run(
      StreamExecutionEnvironment env,
      SyntheticTraffic world,
      TrafficScenario scenario,
      TrafficConfig config,
      InfluxTarget store,
      List<Incident> managed)
      throws Exception {
    RoadNetwork network = world.network();
    DetectorLayout layout = world.layout(network);
    long simulationStart = System.nanoTime();
    TrafficSimulation truthRun = new TrafficSimulation(network, layout, scenario);
    int count = 0;
    List<CitizenReport> reports = new ArrayList<>();
    for (List<Reading> batch = truthRun.nextInterval();
        batch != null;
        batch = truthRun.nextInterval()) {
      count += batch.size();
      reports.addAll(truthRun.lastReports());
    }
    List<TrafficEvent> truth = truthRun.events();
    Duration simulation = Duration.ofNanos(System.nanoTime() - simulationStart);
    Path roadsDir = Files.createTempDirectory("cityops-traffic-evaluation-");
    List<Path> roadFiles = world.write(roadsDir);
    RoadSettings roads =
        RoadSettings.from(
            new Settings(
                Map.of(
                    "traffic.roads", roadFiles.get(0).toString(),
                    "traffic.detectors", roadFiles.get(1).toString())));

    DataStream<Reading> readings =
        env.fromSource(
                new DataGeneratorSource<>(
                    new SimulatedTrafficSource(world, scenario),
                    count,
                    TypeInformation.of(Reading.class)),
                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()),
                "simulated traffic")
            .setParallelism(1);
    DataStream<CitizenReport> reportStream =
        reports.isEmpty()
            ? null
            : env.fromData(reports)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                    WatermarkStrategy.<CitizenReport>forMonotonousTimestamps()
                        .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()))
                .setParallelism(1);
    TrafficJob.Outputs out = TrafficJob.wire(readings, reportStream, roads, layout, config);
    CloseableIterator<Incident> lifecycle = null;
    if (store != null) {
      TrafficJobStores.attach(out, store);
      var worked =
          AlertsJob.incidents(out.incidents(), null, LifecycleConfig.from(new Settings(Map.of())));
      worked
          .sinkTo(new InfluxSink<>(store, Measurements.incidents()))
          .uid("evaluation-incidents-store")
          .name("store incidents");
      lifecycle = worked.collectAsync();
    }
    List<Incident> incidents = new ArrayList<>();
    long jobStart = System.nanoTime();
    try (CloseableIterator<Incident> it = out.incidents().collectAsync()) {
      env.execute("traffic-evaluation-" + scenario.seed());
      it.forEachRemaining(incidents::add);
    }
    Duration job = Duration.ofNanos(System.nanoTime() - jobStart);
    if (lifecycle != null) {
      try (CloseableIterator<Incident> it = lifecycle) {
        it.forEachRemaining(managed::add);
      }
    }
    org.cityops.backtest.ScratchFolders.delete(roadsDir);
    List<TrafficEvent> queueing = truth.stream().filter(truthRun::queueFormed).toList();
    return score(
        truth, queueing, incidents, layout.sites().size(), scenario, count, simulation, job);
  }

  static Score score(
      List<TrafficEvent> truth,
      List<TrafficEvent> queueing,
      List<Incident> incidents,
      int detectors,
      TrafficScenario scenario,
      int readings,
      Duration simulation,
      Duration job) {
    List<Incident> alarms =
        incidents.stream()
            .filter(i -> i.type() == IncidentType.TRAFFIC_INCIDENT && i.version() == 1)
            .sorted(Comparator.comparing(Incident::updatedAt))
            .toList();
    List<TrafficEvent> accidents = new ArrayList<>();
    List<TrafficEvent> missed = new ArrayList<>();
    List<Duration> times = new ArrayList<>();
    List<Incident> matched = new ArrayList<>();
    for (TrafficEvent e : truth) {
      if (e.kind() == TrafficEvent.Kind.STUCK_DETECTOR) {
        continue;
      }
      Incident first = null;
      for (Incident a : alarms) {
        if (matches(a, e)) {
          matched.add(a);
          if (first == null) {
            first = a;
          }
        }
      }
      if (e.kind() == TrafficEvent.Kind.ACCIDENT) {
        accidents.add(e);
        if (first == null) {
          missed.add(e);
        } else {
          times.add(Duration.between(e.start(), first.updatedAt()));
        }
      }
    }
    List<Incident> falseAlarms = alarms.stream().filter(a -> !matched.contains(a)).toList();
    int stuckInjected = 0;
    int stuckFound = 0;
    for (TrafficEvent e : truth) {
      if (e.kind() != TrafficEvent.Kind.STUCK_DETECTOR) {
        continue;
      }
      stuckInjected++;
      boolean found =
          incidents.stream()
              .anyMatch(
                  i ->
                      i.type() == IncidentType.SENSOR_MAINTENANCE
                          && i.version() == 1
                          && e.upstream().equals(i.area().zone())
                          && e.activeAt(i.updatedAt()));
      if (found) {
        stuckFound++;
      }
    }
    long falseMaintenance =
        incidents.stream()
            .filter(i -> i.type() == IncidentType.SENSOR_MAINTENANCE && i.version() == 1)
            .filter(
                i ->
                    truth.stream()
                        .noneMatch(
                            e ->
                                e.kind() == TrafficEvent.Kind.STUCK_DETECTOR
                                    && e.upstream().equals(i.area().zone())
                                    && e.activeAt(i.updatedAt())))
            .count();
    double days = scenario.duration().toSeconds() / 86_400.0;
    return new Score(
        accidents,
        accidents.stream().filter(queueing::contains).toList(),
        missed,
        times,
        falseAlarms,
        detectors * days,
        stuckInjected,
        stuckFound,
        (int) falseMaintenance,
        (int)
            incidents.stream()
                .filter(i -> i.type() == IncidentType.CONGESTION && i.version() == 1)
                .count(),
        readings,
        simulation,
        job);
  }

  /** Whether a detector pair ({@code up>down}) or a stretch ({@code way:a~b}) is by the event. */
  private static boolean near(String source, TrafficEvent e) {
    if (source.contains("~")) {
      // residents' reports: a stretch of road sharing a node with the event's segment (near a
      // crossing, a report may land on the other street)
      String[] stretch = source.split("[:~]");
      String[] segment = e.segmentId().split("[:-]");
      return stretch[1].equals(segment[1])
          || stretch[1].equals(segment[2])
          || stretch[2].equals(segment[1])
          || stretch[2].equals(segment[2]);
    }
    if (source.contains(">")) {
      String[] sides = source.split(">", 2);
      return sides[0].equals(e.upstream())
          || sides[1].equals(e.upstream())
          || sides[0].equals(e.downstream())
          || sides[1].equals(e.downstream());
    }
    return false;
  }

  private static boolean matches(Incident alarm, TrafficEvent e) {
    boolean near = alarm.evidence().stream().anyMatch(ev -> near(ev.sourceId(), e));
    Instant at = alarm.updatedAt();
    return near
        && !at.isBefore(e.start())
        && !at.isAfter(e.end().plus(Duration.ofMinutes(MATCH_AFTER_END_MIN)));
  }
}
