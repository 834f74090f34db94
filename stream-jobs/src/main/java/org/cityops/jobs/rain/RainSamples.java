package org.cityops.jobs.rain;

import java.util.Arrays;

/**
 * One gauge's recent rain samples, sorted by time, in two primitive arrays: the state of {@link
 * RollingRainSumFunction}. Samples come nearly in time order, so an insert is nearly always an
 * append, and dropping old samples shifts the few hundred left once per step.
 *
 * <p>Window sums ({@link #sumWindows}) slide: the sums of the windows ending at the last end asked
 * for are kept, and the next end's come from them by adding the samples that entered each window
 * and taking out those that left it (one or two per window per step, found from positions kept with
 * the sums), where a walk back over the 96 h window read 384 samples per step. The kept sums are
 * not state (transient: a restored instance, or one copied by a snapshot, starts without them) and
 * are dropped, to be walked again, when a sample changes inside them, when samples they hold are
 * dropped, when an earlier end is asked for, and after {@value #SLIDES_BETWEEN_WALKS} slides, so
 * that rounding cannot build up: rain values are tenths of a millimetre, and sums are rounded to
 * tenths by their user.
 *
 * <p>A missing value is stored as NaN. Not thread-safe; a Flink POJO (public fields, no-argument
 * constructor) so that its serializer is Flink's own, not Kryo's; transient fields are not part of
 * it.
 */
public final class RainSamples {
  private static final int SPARE = 64;
  static final int SLIDES_BETWEEN_WALKS = 1_000;
  private static final long NONE = Long.MIN_VALUE;

  /** Sample times, epoch milliseconds, ascending, in {@code [0, size)}. */
  public long[] times = new long[16];

  /** Millimetres (NaN: reported missing), aligned with {@link #times}. */
  public double[] mm = new double[16];

  public int size;

  /** The end the kept sums are for, or {@link #NONE}. */
  private transient long keptEnd = NONE;

  private transient long[] keptLengths;
  private transient double[] keptRain;
  private transient int[] keptValues;
  private transient int[] keptMissing;
  private transient int slides;

  /** Index of the first sample after the kept end, and of each kept window's first sample. */
  private transient int keptLast;

  private transient int[] keptFirst;

  public RainSamples() {}

  /**
   * Sums each window ending at {@code end}, {@code (end - lengths[k], end]}: the rain of its values
   * into {@code rain[k]}, how many values into {@code values[k]} and how many samples reported
   * missing into {@code missing[k]}.
   *
   * @param lengths window lengths in milliseconds, ascending; the same array on every call (a
   *     different one drops the kept sums)
   */
  public void sumWindows(long end, long[] lengths, double[] rain, int[] values, int[] missing) {
    boolean slide =
        keptEnd != NONE
            && end >= keptEnd
            && lengths == keptLengths
            && slides < SLIDES_BETWEEN_WALKS;
    if (slide) {
      // from the kept positions forward, not by binary search: a gauge's arrays are cold when its
      // step comes, and each probe of a search is a cache miss of its own
      int last = keptLast;
      while (last < size && times[last] <= end) {
        last++;
      }
      for (int k = 0; k < lengths.length; k++) {
        for (int i = keptLast; i < last; i++) {
          count(k, i, 1);
        }
        int first = keptFirst[k];
        long start = end - lengths[k];
        while (first < last && times[first] <= start) {
          count(k, first++, -1);
        }
        keptFirst[k] = first;
      }
      keptLast = last;
      slides++;
    } else {
      walk(end, lengths);
      slides = 0;
    }
    keptEnd = end;
    System.arraycopy(keptRain, 0, rain, 0, lengths.length);
    System.arraycopy(keptValues, 0, values, 0, lengths.length);
    System.arraycopy(keptMissing, 0, missing, 0, lengths.length);
  }

  private void count(int window, int sample, int sign) {
    double value = mm[sample];
    if (Double.isNaN(value)) {
      keptMissing[window] += sign;
    } else {
      keptRain[window] += sign * value;
      keptValues[window] += sign;
    }
  }

  /**
   * The windows are nested and all end at {@code end}: one walk back from it adds each sample once;
   * on reaching a window's start, that window's sums are the running ones so far.
   */
  private void walk(long end, long[] lengths) {
    if (keptLengths != lengths) {
      keptLengths = lengths;
      keptRain = new double[lengths.length];
      keptValues = new int[lengths.length];
      keptMissing = new int[lengths.length];
      keptFirst = new int[lengths.length];
    }
    keptLast = firstAfter(end);
    double runningRain = 0;
    int runningValues = 0;
    int runningMissing = 0;
    int w = 0;
    int i = keptLast - 1;
    for (; i >= 0 && w < lengths.length; i--) {
      long t = times[i];
      while (w < lengths.length && t <= end - lengths[w]) {
        keep(w++, i + 1, runningRain, runningValues, runningMissing);
      }
      if (Double.isNaN(mm[i])) {
        runningMissing++;
      } else {
        runningRain += mm[i];
        runningValues++;
      }
    }
    while (w < lengths.length) {
      keep(w++, i + 1, runningRain, runningValues, runningMissing); // reaches back to the first
    }
  }

  /** A window's sums, and the index of its first sample (where the walk back passed its start). */
  private void keep(int window, int first, double rain, int values, int missing) {
    keptFirst[window] = first;
    keptRain[window] = rain;
    keptValues[window] = values;
    keptMissing[window] = missing;
  }

  /** A sample at {@code time} changed: kept sums that may hold it go. */
  private void changedAt(long time) {
    if (keptEnd != NONE && time <= keptEnd) {
      keptEnd = NONE;
    }
  }

  /** The value at {@code time}, or null when there is none. */
  public Double at(long time) {
    int i = Arrays.binarySearch(times, 0, size, time);
    return i >= 0 ? mm[i] : null;
  }

  /** Sets the value at {@code time}, inserting it in time order. */
  public void put(long time, double value) {
    changedAt(time);
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
    if (keptEnd != NONE && limit > keptEnd - keptLengths[keptLengths.length - 1]) {
      keptEnd = NONE; // a dropped sample was in a kept window
    } else if (keptEnd != NONE) {
      // every dropped sample lies before every kept window: the kept positions move down
      keptLast -= keep;
      for (int k = 0; k < keptFirst.length; k++) {
        keptFirst[k] -= keep;
      }
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
