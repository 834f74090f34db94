package org.cityops.ingestion.simulator.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a traffic simulation plays: from {@code start} for {@code duration}, detectors reporting
 * every {@code interval}, with a number of accidents, closures and stuck detectors per simulated
 * day drawn from {@code seed}.
 *
 * @param dropoutShare share of readings a detector fails to send
 * @param zone the city's time zone, for the rush hours
 * @param reportShare share of the drivers reaching an accident or closure who report it (as
 *     residents do with apps: about one in a hundred)
 * @param spuriousReportsPerDay accident reports of nothing, at random places (mistakes, pranks)
 */
public record TrafficScenario(
    long seed,
    Instant start,
    Duration duration,
    Duration interval,
    double accidentsPerDay,
    double closuresPerDay,
    double stuckPerDay,
    double dropoutShare,
    ZoneId zone,
    double reportShare,
    double spuriousReportsPerDay)
    implements java.io.Serializable {

  public static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");

  public TrafficScenario {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (interval.toSeconds() < 10 || interval.toSeconds() > 300) {
      throw new IllegalArgumentException("interval must be 10 s to 5 min, was " + interval);
    }
    if (accidentsPerDay < 0 || closuresPerDay < 0 || stuckPerDay < 0) {
      throw new IllegalArgumentException("event rates must not be negative");
    }
    if (!(dropoutShare >= 0 && dropoutShare < 1)) {
      throw new IllegalArgumentException("dropoutShare must be in [0, 1)");
    }
    if (!(reportShare >= 0 && reportShare <= 1) || spuriousReportsPerDay < 0) {
      throw new IllegalArgumentException(
          "reportShare must be in [0, 1] and spuriousReportsPerDay not negative");
    }
  }

  /** Days of traffic, 30 s readings, and the usual faults, from midnight in Rio on 2026-03-02. */
  public static TrafficScenario days(long seed, int days, double accidentsPerDay) {
    return new TrafficScenario(
        seed,
        Instant.parse("2026-03-02T03:00:00Z"),
        Duration.ofDays(days),
        Duration.ofSeconds(30),
        accidentsPerDay,
        0,
        2,
        0.002,
        RIO,
        0.01,
        24);
  }

  public TrafficScenario withClosuresPerDay(double closures) {
    return new TrafficScenario(
        seed,
        start,
        duration,
        interval,
        accidentsPerDay,
        closures,
        stuckPerDay,
        dropoutShare,
        zone,
        reportShare,
        spuriousReportsPerDay);
  }

  public TrafficScenario withStuckPerDay(double stuck) {
    return new TrafficScenario(
        seed,
        start,
        duration,
        interval,
        accidentsPerDay,
        closuresPerDay,
        stuck,
        dropoutShare,
        zone,
        reportShare,
        spuriousReportsPerDay);
  }
}
