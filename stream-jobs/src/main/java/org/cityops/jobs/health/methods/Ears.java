package org.cityops.jobs.health.methods;

import java.io.Serializable;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The CDC's Early Aberration Reporting System methods C1, C2 and C3 on a daily count series, as R's
 * {@code surveillance} package defines them ({@code earsC}), so that its figures are ours:
 *
 * <ul>
 *   <li>C1: today against the mean and standard deviation of the {@code baseline} days just before;
 *       alarm above {@code mean + z sd}, {@code z} the normal quantile of {@code 1 - alpha}.
 *   <li>C2: the same with two days left out between baseline and today, so a slow start does not
 *       hide in its own baseline.
 *   <li>C3: C2's excesses over 1 on the two days before today add up; alarm when they pass {@code
 *       z} (its upper bound is {@code today + sd (z - excesses)}, floored at 0, as the package has
 *       it).
 * </ul>
 *
 * <p>The standard deviation is the sample one (n - 1), floored at {@code minSigma}; with a flat
 * baseline and no floor the bound equals the mean and any rise alarms, as in the package. Pure and
 * thread-safe: callers hand in the series, oldest first.
 */
public final class Ears implements Serializable {
  /** The three methods. */
  public enum Method {
    C1,
    C2,
    C3
  }

  /**
   * One day's verdict.
   *
   * @param statistic C1 or C2: {@code (today - mean) / sd}; C3: the sum of C2's excesses over 1 on
   *     today and the two days before (the CDC's C3)
   * @param upperBound the count above which today alarms
   * @param expected the baseline mean
   */
  public record Result(
      Method method,
      int count,
      double statistic,
      double upperBound,
      double expected,
      boolean alarm) {}

  private final int baseline;
  private final double zC1C2;
  private final double zC3;
  private final double minSigma;

  /**
   * @param baseline days in the baseline (the package's default and the CDC's: 7; at least 3)
   * @param alphaC1C2 false-alarm level of C1 and C2 (the package's default: 0.001)
   * @param alphaC3 false-alarm level of C3 (the package's default: 0.025)
   * @param minSigma the least standard deviation used (the package's default: 0)
   */
  public Ears(int baseline, double alphaC1C2, double alphaC3, double minSigma) {
    if (baseline < 3) {
      throw new IllegalArgumentException(
          "EARS needs a baseline of 3 days or more, was " + baseline);
    }
    if (!(alphaC1C2 > 0 && alphaC1C2 < 1) || !(alphaC3 > 0 && alphaC3 < 1)) {
      throw new IllegalArgumentException(
          "EARS alpha must lie strictly between 0 and 1, was " + alphaC1C2 + " and " + alphaC3);
    }
    if (!(minSigma >= 0)) {
      throw new IllegalArgumentException("EARS minSigma must be 0 or more, was " + minSigma);
    }
    this.baseline = baseline;
    this.zC1C2 = quantile(alphaC1C2);
    this.zC3 = quantile(alphaC3);
    this.minSigma = minSigma;
  }

  /** The package's defaults: baseline 7, alpha 0.001 (C1, C2) and 0.025 (C3), no floor. */
  public static Ears defaults() {
    return new Ears(7, 0.001, 0.025, 0);
  }

  private static double quantile(double alpha) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - alpha);
  }

  /** Days of history before today that {@code method} needs. */
  public int historyNeeded(Method method) {
    return switch (method) {
      case C1 -> baseline;
      case C2 -> baseline + 2;
      case C3 -> baseline + 4;
    };
  }

  /**
   * The verdict of {@code method} on day {@code today} of {@code counts}, or null when fewer days
   * than {@link #historyNeeded} come before it.
   */
  public Result evaluate(Method method, int[] counts, int today) {
    if (today < historyNeeded(method) || today >= counts.length) {
      return null;
    }
    return switch (method) {
      case C1 -> normal(Method.C1, counts, today, 1);
      case C2 -> normal(Method.C2, counts, today, 3);
      case C3 -> c3(counts, today);
    };
  }

  /** C1 (gap 1: the baseline ends yesterday) and C2 (gap 3: it ends three days ago). */
  private Result normal(Method method, int[] counts, int today, int gap) {
    Baseline b = baselineOf(counts, today, gap);
    double statistic = (counts[today] - b.mean) / b.sd;
    double upper = b.mean + zC1C2 * b.sd;
    return new Result(method, counts[today], statistic, upper, b.mean, counts[today] > upper);
  }

  private Result c3(int[] counts, int today) {
    double excesses = 0;
    for (int back = 0; back <= 2; back++) {
      Baseline b = baselineOf(counts, today - back, 3);
      excesses += Math.max(0, (counts[today - back] - b.mean) / b.sd - 1);
    }
    double lagExcesses = excesses - Math.max(0, c2Statistic(counts, today) - 1);
    Baseline todays = baselineOf(counts, today, 3);
    double upper = Math.max(0, counts[today] + todays.sd * (zC3 - lagExcesses));
    return new Result(
        Method.C3, counts[today], excesses, upper, todays.mean, counts[today] > upper);
  }

  private double c2Statistic(int[] counts, int day) {
    Baseline b = baselineOf(counts, day, 3);
    return (counts[day] - b.mean) / b.sd;
  }

  private Baseline baselineOf(int[] counts, int day, int gap) {
    int from = day - gap - baseline + 1;
    double sum = 0;
    for (int d = from; d < from + baseline; d++) {
      sum += counts[d];
    }
    double mean = sum / baseline;
    double squares = 0;
    for (int d = from; d < from + baseline; d++) {
      squares += (counts[d] - mean) * (counts[d] - mean);
    }
    double sd = Math.sqrt(squares / (baseline - 1));
    return new Baseline(mean, Math.max(sd, minSigma));
  }

  private record Baseline(double mean, double sd) {}
}
