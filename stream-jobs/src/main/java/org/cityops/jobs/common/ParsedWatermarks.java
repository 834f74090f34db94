package org.cityops.jobs.common;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks for parsed Kafka records, per Kafka partition: bounded out-of-orderness over the
 * events' own times; a partition quiet for {@code idleness} is left out; a record that did not
 * parse moves no watermark and does not count as activity. Two kinds:
 *
 * <ul>
 *   <li>{@link #live}: for what sensors and residents send as it happens (readings, reports). When
 *       events stop, the watermark follows the clock up to the newest event.
 *   <li>{@link #held}: for records whose times lag their arrival by hours or days (case
 *       notifications from the health system): the watermark stays where the last event left it, as
 *       Flink's bounded out-of-orderness with idleness.
 * </ul>
 *
 * <p>{@link #live}'s contract, with B the out-of-orderness bound, N the newest event time seen and
 * q how long no event has come (measured on Flink's input-activity clock, which stands still while
 * the source is held back by backpressure, and noticed at the periodic emission, so to within its
 * interval):
 *
 * <ul>
 *   <li>events coming: N - B - 1, as Flink's bounded out-of-orderness;
 *   <li>quiet: min(N, N - B - 1 + q). The bound is also waited out on the clock: an event up to B
 *       older than the newest is on time if it comes within B of it, as usual, or within B of the
 *       last event;
 *   <li>quiet for {@code idleness}: N (even when {@code idleness} is less than B), then the
 *       partition is marked idle; the next event makes it active again. A partition with no event
 *       at all is marked idle after {@code idleness} and emits no watermark;
 *   <li>never beyond N, however long the quiet: a backlog that comes after a pause (the bridge
 *       catching up after an outage) is on time from N on, not late.
 * </ul>
 *
 * <p>Why: a topic whose sensors all report on the same marks (rain gauges every 15 minutes) had
 * nothing newer until the next marks, so each moment's sums were judged 15 minutes late, and going
 * idle did not help: with every partition idle, Flink holds the watermark where it was. Now they
 * are judged B (or {@code idleness}) after the last reading of the marks.
 *
 * <p>Why events only: a rejection carries the record's Kafka timestamp (the time it was appended,
 * so the wall clock), having no event time of its own. Counted like an event, one malformed record
 * ahead of a backlog (a replay, a bridge catching up after an outage: readings hours old, appended
 * now) moved the watermark to the present, and every reading of the backlog behind it was then late
 * and rejected: valid data lost to a bad neighbour. Seen as a flaky test (DashboardQueriesTest
 * replays a storm behind a few malformed records: when the source read past the first watermark
 * before the storm, most of its sums were never made).
 */
public final class ParsedWatermarks {
  private ParsedWatermarks() {}

  /** For records sent as things happen: a quiet partition follows the clock to its newest. */
  public static <T extends ParsedRecord> WatermarkStrategy<T> live(
      Duration outOfOrderness, Duration idleness) {
    requirePositive(idleness);
    return WatermarkStrategy.<T>forGenerator(
            context ->
                new QuietFollowsClock<>(outOfOrderness, idleness, context.getInputActivityClock()))
        .withTimestampAssigner((record, timestamp) -> record.eventTimeMillis(timestamp));
  }

  /** For records that lag their times by hours or more: a quiet partition's watermark stays. */
  public static <T extends ParsedRecord> WatermarkStrategy<T> held(
      Duration outOfOrderness, Duration idleness) {
    requirePositive(idleness);
    return WatermarkStrategy.<T>forGenerator(context -> new EventsOnly<>(outOfOrderness))
        .withTimestampAssigner((record, timestamp) -> record.eventTimeMillis(timestamp))
        .withIdleness(idleness);
  }

  private static void requirePositive(Duration idleness) {
    if (idleness.isZero() || idleness.isNegative()) {
      throw new IllegalArgumentException("idleness must be positive, was " + idleness);
    }
  }

  /** Flink's bounded out-of-orderness generator, shown events only. */
  static final class EventsOnly<T extends ParsedRecord> implements WatermarkGenerator<T> {
    private final BoundedOutOfOrdernessWatermarks<T> bounded;

    EventsOnly(Duration outOfOrderness) {
      this.bounded = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
    }

    @Override
    public void onEvent(T record, long timestamp, WatermarkOutput output) {
      if (record.isEvent()) {
        bounded.onEvent(record, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      bounded.onPeriodicEmit(output);
    }
  }

  /** {@link #live}'s generator; see {@link ParsedWatermarks} for its contract. */
  static final class QuietFollowsClock<T extends ParsedRecord> implements WatermarkGenerator<T> {
    private final long boundMs;
    private final long idleMs;
    private final RelativeClock clock;
    private long newest = Long.MIN_VALUE;

    /** Events seen, and how many had been at the last periodic emission: no clock per record. */
    private long events;

    private long eventsAtLastEmit;

    /** Clock time of the first periodic emission after the last event (or of the first one). */
    private long quietSince = Long.MIN_VALUE;

    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    QuietFollowsClock(Duration bound, Duration idleness, RelativeClock clock) {
      this.boundMs = bound.toMillis();
      this.idleMs = idleness.toMillis();
      this.clock = clock;
    }

    @Override
    public void onEvent(T record, long timestamp, WatermarkOutput output) {
      if (record.isEvent()) {
        events++;
        if (timestamp > newest) {
          newest = timestamp;
        }
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long now = clock.relativeTimeMillis();
      if (events != eventsAtLastEmit || quietSince == Long.MIN_VALUE) {
        eventsAtLastEmit = events;
        quietSince = now;
        idle = false;
      }
      long quiet = now - quietSince;
      if (newest == Long.MIN_VALUE) {
        markIdleAfter(quiet, output);
        return;
      }
      long candidate = quiet >= idleMs ? newest : Math.min(newest, newest - boundMs - 1 + quiet);
      if (quiet >= idleMs && emitted >= newest) {
        // Only once N has been emitted while active: an idle partition's own watermark is not
        // combined with the others', so N sent in the same round as the idle mark would be lost.
        markIdleAfter(quiet, output);
        return;
      }
      emitted = Math.max(emitted, candidate);
      // Sent every round, as Flink's own generators do: a watermark also makes an idle output
      // active again.
      output.emitWatermark(new Watermark(emitted));
    }

    private void markIdleAfter(long quiet, WatermarkOutput output) {
      if (quiet >= idleMs && !idle) {
        output.markIdle();
        idle = true;
      }
    }
  }
}
