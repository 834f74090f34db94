package org.cityops.ingestion.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.ingestion.bridge.MessageRouter;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import org.cityops.ingestion.simulator.traffic.TrafficScenario;
import org.cityops.ingestion.simulator.traffic.TrafficSimulation;
import org.cityops.roads.RoadNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a scenario over a synthetic city: every sensor reports once per interval in event time,
 * rain gauges alternating SenML and native JSON. With {@code speedFactor} 0 it publishes as fast as
 * the sink takes messages (tests never sleep through simulated hours); with 60 one simulated minute
 * takes one second. Residents report flooding where the rain passes 40 mm/h, three of them per
 * gauge. Every {@code malformedEvery}-th message is followed by a faulty one. What it injected is
 * returned as {@link GroundTruth}.
 */
public final class CitySimulator {
  private static final Logger LOG = LoggerFactory.getLogger(CitySimulator.class);
  private static final double REPORT_RAIN_RATE_MM_PER_HOUR = 40;

  /**
   * How to play. {@code malformedEvery} 0 injects no faults.
   *
   * @param traffic road traffic to play beside the weather, or null for none
   */
  public record Options(
      Scenario scenario,
      Instant start,
      Duration duration,
      Duration interval,
      int malformedEvery,
      double speedFactor,
      boolean residentReports,
      TrafficPlay traffic) {

    public Options(
        Scenario scenario,
        Instant start,
        Duration duration,
        Duration interval,
        int malformedEvery,
        double speedFactor,
        boolean residentReports) {
      this(scenario, start, duration, interval, malformedEvery, speedFactor, residentReports, null);
    }

    public Options {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      if (interval.isNegative() || interval.isZero() || interval.compareTo(duration) > 0) {
        throw new IllegalArgumentException("interval must be positive and at most the duration");
      }
      if (malformedEvery < 0 || speedFactor < 0) {
        throw new IllegalArgumentException("malformedEvery and speedFactor must not be negative");
      }
    }

    /** The same, with road traffic on {@code world}'s detectors, and 24 false reports a day. */
    public Options withTraffic(
        SyntheticTraffic world, double accidentsPerDay, double closuresPerDay, long seed) {
      return withTraffic(world, accidentsPerDay, closuresPerDay, 24, seed);
    }

    /** The same, with road traffic and {@code falseReportsPerDay} reports of nothing. */
    public Options withTraffic(
        SyntheticTraffic world,
        double accidentsPerDay,
        double closuresPerDay,
        double falseReportsPerDay,
        long seed) {
      return new Options(
          scenario,
          start,
          duration,
          interval,
          malformedEvery,
          speedFactor,
          residentReports,
          new TrafficPlay(world, accidentsPerDay, closuresPerDay, falseReportsPerDay, seed));
    }

    /** A storm that ended just now, played as fast as possible. */
    public static Options stormEndingAt(Instant end, Duration duration) {
      return new Options(
          Scenario.STORM, end.minus(duration), duration, Duration.ofMinutes(5), 0, 0, true);
    }
  }

  /**
   * Traffic on a synthetic road network ({@link TrafficSimulation}), its detectors reporting every
   * 30 s, with accidents, closures and one stuck detector a day, drawn from {@code seed}.
   */
  public record TrafficPlay(
      SyntheticTraffic world,
      double accidentsPerDay,
      double closuresPerDay,
      double falseReportsPerDay,
      long seed) {}

  /** Called after each simulated interval. */
  @FunctionalInterface
  public interface Progress {
    void intervalDone(Instant simulatedTime, long published);
  }

  private final SyntheticCity city;
  private final Clock wallClock;

  public CitySimulator(SyntheticCity city, Clock wallClock) {
    this.city = city;
    this.wallClock = wallClock;
  }

  public GroundTruth run(Options options, MessageSink sink, Progress progress) throws Exception {
    GroundTruth truth = new GroundTruth();
    Set<String> reportedGauges = new HashSet<>();
    long published = 0;
    long wallStart = System.nanoTime();
    int faultIndex = 0;
    List<SimSensor> gauges = city.sensors(SensorKind.RAIN_GAUGE);
    Instant end = options.start().plus(options.duration());
    TrafficSimulation traffic = traffic(options);
    List<Reading> pendingTraffic = new java.util.ArrayList<>();
    for (Instant t = options.start().plus(options.interval());
        !t.isAfter(end);
        t = t.plus(options.interval())) {
      if (traffic != null) {
        // the detectors report every 30 s: everything up to this weather interval, paced
        published += publishTraffic(traffic, pendingTraffic, t, options, wallStart, sink, truth);
      }
      pace(options, wallStart, Duration.between(options.start(), t));
      int index = 0;
      for (SimSensor sensor : city.sensors()) {
        Reading reading = reading(options, sensor, t);
        byte[] payload =
            sensor.kind() == SensorKind.RAIN_GAUGE && index++ % 2 == 0
                ? PayloadEncoder.senmlRain(reading)
                : PayloadEncoder.nativeJson(reading);
        sink.publish(SensorTopic.of(sensor.kind(), sensor.id()), payload);
        truth.reading(sensor.kind());
        if (sensor.kind() == SensorKind.RAIN_GAUGE) {
          truth.rain(sensor.id(), t, reading.rainMm());
          if (options.residentReports()
              && rate(options, sensor.location(), t) >= REPORT_RAIN_RATE_MM_PER_HOUR
              && reportedGauges.add(sensor.id())) {
            published += publishReports(sink, sensor, t, truth);
          }
        }
        published++;
        if (options.malformedEvery() > 0 && published % options.malformedEvery() == 0) {
          Malformed fault = Malformed.values()[faultIndex % Malformed.values().length];
          // Faults are rain-gauge payloads, so each fails for its own reason only.
          SimSensor victim = gauges.get(faultIndex++ % gauges.size());
          sink.publish(fault.topic(victim), fault.payload(victim, t, wallClock.instant()));
          truth.fault(fault.topic(victim), fault.expectedReason);
          published++;
        }
      }
      progress.intervalDone(t, published);
    }
    if (traffic != null) {
      truth.traffic(traffic.events());
    }
    LOG.info(
        "Simulator played {} from {} to {}: {} messages, {} valid readings, {} faults, {} reports",
        options.scenario(),
        options.start(),
        end,
        published,
        truth.validReadings(),
        truth.faults().size(),
        truth.reportIds().size());
    return truth;
  }

  private static TrafficSimulation traffic(Options options) {
    if (options.traffic() == null) {
      return null;
    }
    SyntheticTraffic world = options.traffic().world();
    RoadNetwork network = world.network();
    TrafficScenario scenario =
        new TrafficScenario(
            options.traffic().seed(),
            options.start(),
            options.duration(),
            Duration.ofSeconds(30),
            options.traffic().accidentsPerDay(),
            options.traffic().closuresPerDay(),
            1,
            0.002,
            TrafficScenario.RIO,
            0.01,
            options.traffic().falseReportsPerDay());
    return new TrafficSimulation(network, world.layout(network), scenario);
  }

  /** Publishes the traffic readings with times up to {@code until}; keeps later ones pending. */
  private static long publishTraffic(
      TrafficSimulation traffic,
      List<Reading> pending,
      Instant until,
      Options options,
      long wallStart,
      MessageSink sink,
      GroundTruth truth)
      throws Exception {
    long published = 0;
    while (true) {
      if (pending.isEmpty()) {
        List<Reading> next = traffic.nextInterval();
        if (next == null || next.isEmpty()) {
          return published;
        }
        pending.addAll(next);
        // drivers' reports of the interval go out with its readings, as residents send them
        for (org.cityops.events.CitizenReport report : traffic.lastReports()) {
          sink.publish(
              MessageRouter.REPORTS_PREFIX
                  + "/"
                  + report.category().name().toLowerCase(java.util.Locale.ROOT),
              driverReport(report));
          truth.report(report.reportId());
          published++;
        }
      }
      Instant at = pending.get(0).time();
      if (at.isAfter(until)) {
        return published;
      }
      pace(options, wallStart, Duration.between(options.start(), at));
      for (Reading r : pending) {
        sink.publish(SensorTopic.of(SensorKind.TRAFFIC_LOOP, r.sensorId()), EventJson.write(r));
        truth.reading(SensorKind.TRAFFIC_LOOP);
        published++;
      }
      pending.clear();
    }
  }

  /**
   * A report as a resident's app sends it: with a phone number the bridge turns into a pseudonym.
   */
  private static byte[] driverReport(org.cityops.events.CitizenReport r) {
    String json =
        ("{\"reportId\":\"%s\",\"category\":\"%s\",\"time\":\"%s\","
                + "\"location\":{\"lat\":%s,\"lon\":%s},\"text\":\"%s\","
                + "\"reporter\":\"+55 21 9%08d\"}")
            .formatted(
                r.reportId(),
                r.category().name().toLowerCase(java.util.Locale.ROOT),
                r.time(),
                r.location().lat(),
                r.location().lon(),
                r.text(),
                Math.floorMod(r.reporterId().hashCode(), 100_000_000));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static void pace(Options options, long wallStartNanos, Duration simulatedElapsed)
      throws InterruptedException {
    if (options.speedFactor() <= 0) {
      return;
    }
    long dueNanos = wallStartNanos + (long) (simulatedElapsed.toNanos() / options.speedFactor());
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }

  private double rate(Options options, GeoPoint at, Instant t) {
    return options.scenario().rainRateMmPerHour(at, t, options.start(), options.duration());
  }

  private Reading reading(Options options, SimSensor sensor, Instant t) {
    double rate = rate(options, sensor.location(), t);
    double hours = options.interval().toMillis() / 3_600_000.0;
    return switch (sensor.kind()) {
      case RAIN_GAUGE -> {
        // Tipping-bucket gauges count in steps of 0.2 mm, as Alerta Rio's do.
        double mm = Math.round(rate * hours / 0.2) * 0.2;
        yield Reading.rain(sensor.id(), t, sensor.location(), Math.round(mm * 10) / 10.0);
      }
      case WATER_LEVEL ->
          new Reading(
              sensor.id(),
              SensorKind.WATER_LEVEL,
              t,
              sensor.location(),
              null,
              round(1.2 + rate / 25.0),
              null,
              null,
              null,
              null,
              null,
              null,
              Quality.OK);
      case TRAFFIC_LOOP ->
          throw new IllegalStateException("traffic detectors are played by the traffic model");
      case WEATHER ->
          new Reading(
              sensor.id(),
              SensorKind.WEATHER,
              t,
              sensor.location(),
              null,
              null,
              null,
              null,
              null,
              round(29 - rate / 15.0),
              round(Math.min(100, 70 + rate)),
              round(8 + rate / 3),
              Quality.OK);
    };
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static int publishReports(MessageSink sink, SimSensor gauge, Instant t, GroundTruth truth)
      throws Exception {
    for (int resident = 1; resident <= 3; resident++) {
      String reportId = "sim-" + gauge.id() + "-" + t.getEpochSecond() + "-" + resident;
      String json =
          ("{\"reportId\":\"%s\",\"category\":\"flooding\",\"time\":\"%s\","
                  + "\"location\":{\"lat\":%s,\"lon\":%s},\"text\":\"Rua alagada perto de %s\","
                  + "\"reporter\":\"+55 21 9%04d-%04d\"}")
              .formatted(
                  reportId,
                  t,
                  gauge.location().lat() + resident * 0.001,
                  gauge.location().lon(),
                  gauge.id(),
                  Math.abs(gauge.id().hashCode() % 10_000),
                  resident);
      sink.publish(
          MessageRouter.REPORTS_PREFIX + "/flooding", json.getBytes(StandardCharsets.UTF_8));
      truth.report(reportId);
    }
    return 3;
  }
}
