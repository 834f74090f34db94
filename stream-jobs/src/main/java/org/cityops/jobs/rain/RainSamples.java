package org.cityops.jobs.rain;

import java.util.Arrays;

/**
 * One gauge's recent rain samples, sorted by time, in two primitive arrays: the state of {@link
 * RollingRainSumFunction}. Samples come nearly in time order, so an insert is nearly always an
 * append, and dropping old samples shifts the few hundred left once per step.
 *
 * <p>Sums over a window come from running totals (rain so far and missing samples so far, at each
 * index): a window's sum is the difference of two totals found by binary search, where a walk over
 * a 96 h window read 384 samples for every step of every gauge. The totals are not state: they are
 * rebuilt from the samples when absent (an instance restored, or copied by a snapshot) and kept up
 * to date from the first index a change touched, so an append costs one addition. Their baseline is
 * the first sample ever totalled, not zero; only differences are used. Rain values are tenths of a
 * millimetre, so the rounding of sums to tenths hides the last bits a difference may lose.
 *
 * <p>A missing value is stored as NaN. Not thread-safe; a Flink POJO (public fields, no-argument
 * constructor) so that its serializer is Flink's own, not Kryo's; transient fields are not part of
 * it.
 */
public final class RainSamples {
  private static final int SPARE = 64;

  /** Sample times, epoch milliseconds, ascending, in {@code [0, size)}. */
  public long[] times = new long[16];

  /** Millimetres (NaN: reported missing), aligned with {@link #times}. */
  public double[] mm = new double[16];

  public int size;

  /** Rain of the samples before index {@code i} (missing ones count 0), from some baseline. */
  private transient double[] rainBefore;

  /** Missing samples before index {@code i}, from the same baseline. */
  private transient int[] missingBefore;

  /** The totals are right at indexes {@code [0, totalledUpTo]}. */
  private transient int totalledUpTo;

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
      staleFrom(i);
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
    staleFrom(at);
  }

  /** Rain of the samples at indexes {@code [from, to)}, missing ones not counted. */
  public double rainBetween(int from, int to) {
    totalUpTo(to);
    return rainBefore[to] - rainBefore[from];
  }

  /** Missing samples at indexes {@code [from, to)}. */
  public int missingBetween(int from, int to) {
    totalUpTo(to);
    return missingBefore[to] - missingBefore[from];
  }

  /** The totals at indexes after {@code index} no longer hold. */
  private void staleFrom(int index) {
    totalledUpTo = Math.min(totalledUpTo, index);
  }

  private void totalUpTo(int index) {
    if (rainBefore == null || rainBefore.length < size + 1) {
      double[] rain = new double[times.length + 1];
      int[] missing = new int[times.length + 1];
      if (rainBefore != null) {
        System.arraycopy(rainBefore, 0, rain, 0, totalledUpTo + 1);
        System.arraycopy(missingBefore, 0, missing, 0, totalledUpTo + 1);
      } else {
        totalledUpTo = 0;
      }
      rainBefore = rain;
      missingBefore = missing;
    }
    for (int i = totalledUpTo; i < index; i++) {
      boolean isMissing = Double.isNaN(mm[i]);
      rainBefore[i + 1] = rainBefore[i] + (isMissing ? 0 : mm[i]);
      missingBefore[i + 1] = missingBefore[i] + (isMissing ? 1 : 0);
    }
    totalledUpTo = Math.max(totalledUpTo, index);
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
    if (rainBefore != null && totalledUpTo >= keep) {
      // the totals from index `keep` on hold after the shift; their baseline moves, which
      // differences do not see
      System.arraycopy(rainBefore, keep, rainBefore, 0, totalledUpTo - keep + 1);
      System.arraycopy(missingBefore, keep, missingBefore, 0, totalledUpTo - keep + 1);
      totalledUpTo -= keep;
    } else {
      totalledUpTo = 0;
      if (rainBefore != null) {
        rainBefore[0] = 0;
        missingBefore[0] = 0;
      }
    }
    // Checkpoints write the arrays whole, spare room included: once a gauge's history stops
    // growing (one sample in, one out), trim the room doubling left.
    if (times.length - size > SPARE) {
      times = Arrays.copyOf(times, size + SPARE / 4);
      mm = Arrays.copyOf(mm, size + SPARE / 4);
      if (rainBefore != null) {
        rainBefore = Arrays.copyOf(rainBefore, times.length + 1);
        missingBefore = Arrays.copyOf(missingBefore, times.length + 1);
      }
    }
  }

  /** Index of the first sample after {@code time} ({@code size} when none). */
  int firstAfter(long time) {
    int i = Arrays.binarySearch(times, 0, size, time);
    return i >= 0 ? i + 1 : -i - 1;
  }
}
