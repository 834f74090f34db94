package org.cityops.jobs.rain;

import java.util.Arrays;

/**
 * One gauge's recent rain samples, sorted by time, in two primitive arrays: the state of {@link
 * RollingRainSumFunction}. Sums over a window are one backward walk from the window's end, with no
 * boxing and no hashing; samples come nearly in time order, so an insert is nearly always an
 * append, and dropping old samples shifts the few hundred left once per step.
 *
 * <p>A missing value is stored as NaN. Not thread-safe; a Flink POJO (public fields, no-argument
 * constructor) so that its serializer is Flink's own, not Kryo's.
 */
public final class RainSamples {
  private static final int SPARE = 64;

  /** Sample times, epoch milliseconds, ascending, in {@code [0, size)}. */
  public long[] times = new long[16];

  /** Millimetres (NaN: reported missing), aligned with {@link #times}. */
  public double[] mm = new double[16];

  public int size;

  public RainSamples() {}

  /** The value at {@code time}, or null when there is none. */
  public Double at(long time) {
    int i = Arrays.binarySearch(times, 0, size, time);
    return i >= 0 ? mm[i] : null;
  }

  /** Sets the value at {@code time}, inserting it in time order. */
  public void put(long time, double value) {
    int i = Arrays.binarySearch(times, 0, size, time);
    if (i >= 0) {
      mm[i] = value;
      return;
    }
    int at = -i - 1;
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      mm = Arrays.copyOf(mm, size * 2);
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(mm, at, mm, at + 1, size - at);
    times[at] = time;
    mm[at] = value;
    size++;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The newest sample's time; only when not empty. */
  public long newest() {
    return times[size - 1];
  }

  /** Sample times in {@code [from, to]}, ascending. */
  public long[] timesBetween(long from, long to) {
    int lo = firstAfter(from - 1);
    int hi = firstAfter(to);
    return Arrays.copyOfRange(times, lo, Math.max(lo, hi));
  }

  /** Drops every sample at or before {@code limit}. */
  public void dropUpTo(long limit) {
    int keep = firstAfter(limit);
    if (keep == 0) {
      return;
    }
    System.arraycopy(times, keep, times, 0, size - keep);
    System.arraycopy(mm, keep, mm, 0, size - keep);
    size -= keep;
    // Checkpoints write the arrays whole, spare room included: once a gauge's history stops
    // growing (one sample in, one out), trim the room doubling left.
    if (times.length - size > SPARE) {
      times = Arrays.copyOf(times, size + SPARE / 4);
      mm = Arrays.copyOf(mm, size + SPARE / 4);
    }
  }

  /** Index of the first sample after {@code time} ({@code size} when none). */
  int firstAfter(long time) {
    int i = Arrays.binarySearch(times, 0, size, time);
    return i >= 0 ? i + 1 : -i - 1;
  }
}
