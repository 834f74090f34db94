package org.cityops.ingestion.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.cityops.events.Reading;
import org.cityops.ingestion.simulator.RateLimitedSink.Sleeper;

/**
 * Plays recorded readings into a {@link ReadingSink} in event-time order (ties by sensor id, so two
 * replays of one recording send the same sequence), optionally shifted in time and paced.
 *
 * <p>Pacing: at speed {@code s}, a reading whose event time lies {@code d} after the first one's is
 * sent no earlier than {@code d / s} after the replay began; speed 0 sends as fast as the sink
 * takes them. A slow sink delays the rest; the replay never bursts to catch up beyond the schedule.
 * Duplicates in the recording are sent as they are: judging them is the receiver's work.
 */
public final class ReadingReplay {
  /**
   * @param speed event seconds per wall second; 0 = as fast as possible
   * @param shift added to every event time (zero keeps the recorded times)
   * @param progressEvery report progress after this many readings
   */
  public record Options(double speed, Duration shift, int progressEvery) {
    public Options {
      if (!(speed >= 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException("speed must be 0 or a positive number, was " + speed);
      }
      if (shift == null) {
        throw new IllegalArgumentException("shift is required (Duration.ZERO for none)");
      }
      if (progressEvery < 1) {
        throw new IllegalArgumentException("progressEvery must be at least 1");
      }
    }
  }

  /** Called after every {@code progressEvery} readings and once at the end. */
  @FunctionalInterface
  public interface Progress {
    void report(long sent, long total, Instant eventTime);
  }

  /** What was sent: how many, the (shifted) event-time span, and the wall time it took. */
  public record Summary(
      long sent, Instant firstEventTime, Instant lastEventTime, Duration elapsed) {}

  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  public ReadingReplay() {
    this(System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  ReadingReplay(LongSupplier nanoTime, Sleeper sleeper) {
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** The shift that moves {@code readings}' first event time to {@code start}. */
  public static Duration shiftToStartAt(List<Reading> readings, Instant start) {
    return readings.isEmpty() ? Duration.ZERO : Duration.between(first(readings), start);
  }

  /** The shift that moves {@code readings}' last event time to {@code end}. */
  public static Duration shiftToEndAt(List<Reading> readings, Instant end) {
    return readings.isEmpty()
        ? Duration.ZERO
        : Duration.between(
            readings.stream().map(Reading::time).max(Comparator.naturalOrder()).orElseThrow(), end);
  }

  private static Instant first(List<Reading> readings) {
    return readings.stream().map(Reading::time).min(Comparator.naturalOrder()).orElseThrow();
  }

  public Summary run(List<Reading> recorded, ReadingSink sink, Options options, Progress progress)
      throws Exception {
    List<Reading> readings = new ArrayList<>(recorded);
    readings.sort(Comparator.comparing(Reading::time).thenComparing(Reading::sensorId));
    long started = nanoTime.getAsLong();
    if (readings.isEmpty()) {
      progress.report(0, 0, null);
      return new Summary(0, null, null, Duration.ZERO);
    }
    Instant firstEvent = readings.get(0).time();
    long sent = 0;
    Instant last = null;
    for (Reading recordedReading : readings) {
      if (options.speed() > 0) {
        long dueNanos =
            started
                + (long)
                    (Duration.between(firstEvent, recordedReading.time()).toNanos()
                        / options.speed());
        long now = nanoTime.getAsLong();
        if (dueNanos > now) {
          sleeper.sleepNanos(dueNanos - now);
        }
      }
      Reading reading =
          options.shift().isZero()
              ? recordedReading
              : recordedReading.atTime(recordedReading.time().plus(options.shift()));
      sink.send(reading);
      sent++;
      last = reading.time();
      if (sent % options.progressEvery() == 0 && sent < readings.size()) {
        progress.report(sent, readings.size(), last);
      }
    }
    progress.report(sent, readings.size(), last);
    return new Summary(
        sent,
        firstEvent.plus(options.shift()),
        last,
        Duration.ofNanos(nanoTime.getAsLong() - started));
  }
}
