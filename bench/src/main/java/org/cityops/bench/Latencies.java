package org.cityops.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * Per rate level, how long after its reading was published each traced record arrived: a latency
 * histogram (milliseconds) and a count. Records of steps outside the levels (the warm-up) are
 * counted in the total only. Thread-safe.
 */
final class Latencies {
  private final PublishLog log;
  private final Histogram[] histograms;
  private final AtomicLongArray counts;
  private final AtomicLong untimed = new AtomicLong();

  Latencies(PublishLog log, int levels) {
    this.log = log;
    this.histograms = new Histogram[levels];
    for (int i = 0; i < levels; i++) {
      histograms[i] = new Histogram(Duration.ofMinutes(30).toMillis(), 3);
    }
    this.counts = new AtomicLongArray(levels);
  }

  /** Records the arrival of what came from gauge {@code gauge}'s reading of {@code step}. */
  void record(long step, int gauge, long arrivedMillis) {
    int level = log.level(step);
    long published = log.publishedMillis(step, gauge);
    if (level < 0 || published < 0) {
      untimed.incrementAndGet();
      return;
    }
    synchronized (histograms[level]) {
      histograms[level].recordValue(Math.max(0, arrivedMillis - published));
    }
    counts.incrementAndGet(level);
  }

  long count(int level) {
    return counts.get(level);
  }

  /** Every record seen, timed in a level or not. */
  long total() {
    long sum = 0;
    for (int i = 0; i < counts.length(); i++) {
      sum += counts.get(i);
    }
    return sum + untimed.get();
  }

  /** A copy of the level's histogram as it stands. */
  Histogram histogram(int level) {
    synchronized (histograms[level]) {
      return histograms[level].copy();
    }
  }
}
