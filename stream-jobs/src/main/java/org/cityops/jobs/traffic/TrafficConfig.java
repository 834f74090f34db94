package org.cityops.jobs.traffic;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.Settings;

/**
 * How the traffic detectors judge ({@code traffic.*}); parsed once, validated, immutable.
 *
 * @param interval how often detectors report
 * @param california the incident detector between adjacent detectors
 * @param congestion the levels of traffic at one detector
 * @param reports when residents' accident reports make a traffic incident
 * @param stuckInARow identical readings with vehicles counted, in a row, that make a detector stuck
 * @param silentAfter a detector with no reading for this long is silent
 */
public record TrafficConfig(
    Duration interval,
    California california,
    Congestion congestion,
    Reports reports,
    int stuckInARow,
    Duration silentAfter)
    implements Serializable {

  /**
   * California algorithm #8 between an upstream and a downstream detector (Payne and Tignor, 1978),
   * in occupancy percent. Defaults are the textbook starting points; {@code dropLookback} widens
   * the downstream-drop test from two intervals to a few, because with 30 s readings the queue
   * often reaches the upstream detector more than a minute after the downstream one saw the traffic
   * thin out.
   *
   * @param occupancyDifference OCCDF = OCC(up) - OCC(down) at least this (points)
   * @param relativeDifference OCCRDF = OCCDF / OCC(up) at least this
   * @param downstreamDrop DOCCTD = (OCC(down, t-k) - OCC(down, t)) / OCC(down, t-k) at least this,
   *     for some k from 2 to {@code dropLookback}
   * @param dropLookback intervals the downstream drop is looked for
   * @param compressionWave downstream occupancy at least this is a compression wave (a queue from
   *     further down), which suppresses alarms
   * @param suppressFor intervals an alarm stays suppressed after a compression wave
   * @param persistence intervals in a row OCCDF and OCCRDF may pass, with no compression wave, to
   *     confirm an incident without the downstream drop: a queue that builds slowly (light traffic
   *     meeting a blocked road) reaches the upstream detector long after the downstream one thinned
   *     out
   * @param clearAfter intervals in a row below the thresholds that end an incident
   * @param speedDrop the second trigger, a sudden speed drop: the upstream speed fell by at least
   *     this share from its highest of the look-back, to below half its free-flow speed, with its
   *     occupancy at least {@code occupancyDifference} (speeds from a few vehicles mean little),
   *     while downstream traffic runs freely (at three quarters of free flow or more, or nobody
   *     passes and occupancy stays under the compression wave); 0 turns it off
   */
  public record California(
      double occupancyDifference,
      double relativeDifference,
      double downstreamDrop,
      int dropLookback,
      double compressionWave,
      int suppressFor,
      int persistence,
      int clearAfter,
      double speedDrop)
      implements Serializable {

    /** The same, with a rule's thresholds; the counts of intervals stay. */
    public California withThresholds(
        double occupancyDifference,
        double relativeDifference,
        double downstreamDrop,
        double compressionWave,
        double speedDrop) {
      return new California(
          occupancyDifference,
          relativeDifference,
          downstreamDrop,
          dropLookback,
          compressionWave,
          suppressFor,
          persistence,
          clearAfter,
          speedDrop);
    }
  }

  /**
   * Levels by speed over free-flow speed: free, slow below {@code slowBelow}, congested below
   * {@code congestedBelow}, standstill below {@code standstillBelow}. A level is reached when it
   * held for {@code raiseAfter} intervals in a row; an incident (congested: minor, standstill:
   * moderate) falls back only after {@code downgradeHold} at a lower level and clears after {@code
   * clearHold} free or slow.
   *
   * @param learnFreeFlow learn each detector's free-flow speed from its readings at low occupancy,
   *     instead of taking the configured (or posted) one
   */
  public record Congestion(
      double slowBelow,
      double congestedBelow,
      double standstillBelow,
      int raiseAfter,
      Duration downgradeHold,
      Duration clearHold,
      boolean learnFreeFlow)
      implements Serializable {

    /** The same, with a rule's levels; the persistence, holds and learning stay. */
    public Congestion withLevels(double slowBelow, double congestedBelow, double standstillBelow) {
      return new Congestion(
          slowBelow,
          congestedBelow,
          standstillBelow,
          raiseAfter,
          downgradeHold,
          clearHold,
          learnFreeFlow);
    }
  }

  /**
   * Residents' reports of accidents and blocked roads ({@code traffic.reports.*}): each is put on
   * the stretch of road nearest it, within {@code maxDistanceM}; {@code minReporters} distinct
   * reporters on one stretch within {@code window} make a traffic incident, whose confidence rises
   * with every further reporter; it clears after {@code clearAfter} without a new report.
   */
  public record Reports(double maxDistanceM, int minReporters, Duration window, Duration clearAfter)
      implements Serializable {

    /** The same, with a rule's reporters; the distance, window and clearing stay. */
    public Reports withMinReporters(int minReporters) {
      return new Reports(maxDistanceM, minReporters, window, clearAfter);
    }
  }

  /** The same, with {@code california}'s incident detector. */
  public TrafficConfig withCalifornia(California california) {
    return new TrafficConfig(interval, california, congestion, reports, stuckInARow, silentAfter);
  }

  /** The same, with {@code reports}' settings. */
  public TrafficConfig withReports(Reports reports) {
    return new TrafficConfig(interval, california, congestion, reports, stuckInARow, silentAfter);
  }

  /** The same, with {@code congestion}'s levels. */
  public TrafficConfig withCongestion(Congestion congestion) {
    return new TrafficConfig(interval, california, congestion, reports, stuckInARow, silentAfter);
  }

  public static TrafficConfig from(Settings s) {
    Duration interval =
        s.duration(
            "traffic.interval",
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5));
    California california =
        new California(
            s.number("traffic.california.occupancy-difference", 8, 0.1, 100),
            s.number("traffic.california.relative-difference", 0.5, 0.01, 1),
            s.number("traffic.california.downstream-drop", 0.3, 0.01, 1),
            s.integer("traffic.california.drop-lookback", 6, 2, 60),
            s.number("traffic.california.compression-wave", 30, 1, 100),
            s.integer("traffic.california.suppress-for", 5, 0, 120),
            s.integer("traffic.california.persistence", 4, 2, 120),
            s.integer("traffic.california.clear-after", 4, 1, 120),
            s.number("traffic.california.speed-drop", 0.4, 0, 1));
    double slow = s.number("traffic.congestion.slow-below", 0.75, 0.05, 1);
    double congested = s.number("traffic.congestion.congested-below", 0.5, 0.05, 1);
    double standstill = s.number("traffic.congestion.standstill-below", 0.25, 0.01, 1);
    if (!(standstill < congested && congested < slow)) {
      throw new org.cityops.jobs.common.ConfigException(
          "traffic.congestion: standstill-below ("
              + standstill
              + ") < congested-below ("
              + congested
              + ") < slow-below ("
              + slow
              + ") must hold");
    }
    Congestion congestion =
        new Congestion(
            slow,
            congested,
            standstill,
            s.integer("traffic.congestion.raise-after", 3, 1, 120),
            s.duration(
                "traffic.congestion.downgrade-hold",
                Duration.ofMinutes(3),
                Duration.ZERO,
                Duration.ofHours(6)),
            s.duration(
                "traffic.congestion.clear-hold",
                Duration.ofMinutes(5),
                Duration.ZERO,
                Duration.ofHours(6)),
            s.flag("traffic.congestion.learn-free-flow", true));
    return new TrafficConfig(
        interval,
        california,
        congestion,
        new Reports(
            s.number("traffic.reports.max-distance-m", 60, 1, 1_000),
            s.integer("traffic.reports.min-reporters", 2, 1, 100),
            s.duration(
                "traffic.reports.window",
                Duration.ofMinutes(20),
                Duration.ofMinutes(1),
                Duration.ofHours(6)),
            s.duration(
                "traffic.reports.clear-after",
                Duration.ofMinutes(30),
                Duration.ofMinutes(1),
                Duration.ofDays(1))),
        s.integer("traffic.stuck-in-a-row", 6, 2, 1_000),
        s.duration(
            "traffic.silent-after",
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            Duration.ofDays(1)));
  }
}
