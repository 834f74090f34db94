package org.cityops.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;

/**
 * Rain readings for a benchmark: {@code gauges} gauges spread over Rio's bounding box, each reading
 * every {@code interval}, with a storm passing every gauge about every 2 days, so that the
 * detectors open, raise and close incidents as they would on a wet week (not only count dry zeros).
 *
 * <p>Deterministic (no randomness), in event-time order: all gauges' readings of one step before
 * the next step's, which is how a city's sensors report. Computed on the fly, so a run of millions
 * of readings holds none of them in memory.
 */
public final class SyntheticStorms implements Iterable<Reading> {
  private static final double SOUTH = -23.08;
  private static final double NORTH = -22.75;
  private static final double WEST = -43.79;
  private static final double EAST = -43.10;
  private static final double STORM_PERIOD_HOURS = 49.0;

  private final int gauges;
  private final long readings;
  private final Instant start;
  private final Duration interval;

  /**
   * @param gauges how many gauges (at least 1)
   * @param readings how many readings in all (the last step may be partial)
   * @param start the first step's time
   * @param interval between two readings of one gauge
   */
  public SyntheticStorms(int gauges, long readings, Instant start, Duration interval) {
    if (gauges < 1 || readings < 1 || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException(
          "need at least one gauge and one reading and a positive interval");
    }
    this.gauges = gauges;
    this.readings = readings;
    this.start = start;
    this.interval = interval;
  }

  /** The time of the last reading. */
  public Instant end() {
    return start.plus(interval.multipliedBy((readings - 1) / gauges));
  }

  public long size() {
    return readings;
  }

  public int gauges() {
    return gauges;
  }

  /** Where the benchmarks' storms start in event time (any fixed instant: runs repeat exactly). */
  public static final Instant FIRST_STEP = Instant.parse("2026-01-05T00:00:00Z");

  /** What every synthetic gauge's id starts with; the gauge's number follows. */
  public static final String GAUGE_PREFIX = "bench-gauge-";

  public static String gaugeId(int gauge) {
    return GAUGE_PREFIX + gauge;
  }

  /** The gauge's place: a grid over the city's bounding box. */
  public GeoPoint location(int gauge) {
    int side = (int) Math.ceil(Math.sqrt(gauges));
    double row = (gauge / side + 0.5) / side;
    double column = (gauge % side + 0.5) / side;
    return new GeoPoint(SOUTH + row * (NORTH - SOUTH), WEST + column * (EAST - WEST));
  }

  /**
   * Millimetres in the interval ending at {@code step}: dry most of the time; as a storm passes a
   * gauge (its phase depends on the gauge's column, so the storm crosses the city) the rain rises
   * to about 12 mm in 15 minutes (48 mm/h, "very strong" by Alerta Rio's scale) and falls again.
   */
  public double rainMm(int gauge, long step) {
    double hours = step * interval.toSeconds() / 3600.0;
    int side = (int) Math.ceil(Math.sqrt(gauges));
    double phase = (gauge % side) / (double) side + (gauge / side) * 0.07;
    double wave = Math.sin(2 * Math.PI * (hours / STORM_PERIOD_HOURS + phase));
    double perHour = Math.max(0, 60 * wave - 12); // 0 .. 48 mm/h near the crest
    double mm = perHour * interval.toSeconds() / 3600.0;
    return Math.round(mm * 5) / 5.0; // tipping buckets count 0.2 mm
  }

  @Override
  public Iterator<Reading> iterator() {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < readings;
      }

      @Override
      public Reading next() {
        if (next >= readings) {
          throw new NoSuchElementException();
        }
        long step = next / gauges;
        int gauge = (int) (next % gauges);
        next++;
        return Reading.rain(
            gaugeId(gauge),
            start.plus(interval.multipliedBy(step)),
            location(gauge),
            rainMm(gauge, step));
      }
    };
  }
}
