package org.cityops.jobs.health.methods;

import java.io.Serializable;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The effective reproduction number of a weekly case series, estimated as InfoDengue does (its
 * {@code Rt} function, after Wallinga and Lipsitch 2007, equation 4.1): this week's cases over the
 * past weeks' cases weighted by the generation interval, a normal density over weeks (dengue: mean
 * 3 weeks, standard deviation 1.2). InfoDengue weights the week {@code k} weeks back by the density
 * at {@code k + 1}, this week itself included at density 1; that is kept, so the figures agree with
 * theirs.
 *
 * <p>{@code P(Rt > 1)} reads {@code Rt = theta / (1 - theta)} with {@code theta} the chance that a
 * case of the pair (this week, the weighted past) falls in this week, {@code theta ~ Beta(this
 * week, weighted past)}: {@code P(Rt > 1) = P(theta > 1/2)}. Needs at least {@code 2 x mean} weeks
 * of history, as InfoDengue's does; with less the estimate is absent.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReproductionNumber implements Serializable {
  private final double[] weightByLag;
  private final double meanWeeks;

  /**
   * @param meanWeeks mean generation interval in weeks (InfoDengue: 3 for dengue)
   * @param sdWeeks its standard deviation in weeks (InfoDengue: 1.2)
   * @param maxLagWeeks how far back the weights reach; beyond it they are negligible
   */
  public ReproductionNumber(double meanWeeks, double sdWeeks, int maxLagWeeks) {
    if (!(meanWeeks > 0) || !(sdWeeks > 0) || maxLagWeeks < 1) {
      throw new IllegalArgumentException(
          "generation interval needs a positive mean and sd and a lag of a week or more, was mean "
              + meanWeeks
              + ", sd "
              + sdWeeks
              + ", lag "
              + maxLagWeeks);
    }
    weightByLag = new double[maxLagWeeks + 1];
    for (int lag = 0; lag <= maxLagWeeks; lag++) {
      double z = (lag + 1 - meanWeeks) / sdWeeks;
      weightByLag[lag] = Math.exp(-0.5 * z * z) / (sdWeeks * Math.sqrt(2 * Math.PI));
    }
    this.meanWeeks = meanWeeks;
  }

  /** Dengue's generation interval as InfoDengue configures it: normal, mean 3 weeks, sd 1.2. */
  public static ReproductionNumber dengue() {
    return new ReproductionNumber(3, 1.2, 12);
  }

  /** The weeks of history an estimate needs: twice the mean generation interval, rounded up. */
  public int weeksNeeded() {
    return (int) Math.ceil(2 * meanWeeks);
  }

  /**
   * The estimate for the last week of {@code weekly} (oldest first), or null when the series is
   * shorter than {@link #weeksNeeded()}.
   */
  public Estimate estimate(int[] weekly) {
    return estimate(weekly, weekly.length - 1);
  }

  /**
   * The estimate for week {@code t} of {@code weekly} (oldest first; later weeks are not looked
   * at), or null when fewer than {@link #weeksNeeded()} weeks lead up to it.
   */
  public Estimate estimate(int[] weekly, int t) {
    if (t + 1 < weeksNeeded()) {
      return null;
    }
    double past = 0;
    for (int lag = 0; lag <= Math.min(t, weightByLag.length - 1); lag++) {
      past += weekly[t - lag] * weightByLag[lag];
    }
    return Estimate.of(weekly[t], past);
  }

  /**
   * @param rt this week's cases over the weighted past (infinite when the past had none)
   * @param probabilityAboveOne {@code P(Rt > 1)}
   * @param cases this week's cases
   * @param weightedPast the denominator
   */
  public record Estimate(double rt, double probabilityAboveOne, int cases, double weightedPast) {
    static Estimate of(int cases, double weightedPast) {
      if (cases == 0) {
        // Beta(0, b) is all at 0: no case this week, no evidence of growth
        return new Estimate(weightedPast > 0 ? 0 : Double.NaN, 0, cases, weightedPast);
      }
      if (weightedPast <= 0) {
        // Beta(a, 0) is all at 1: cases out of nothing
        return new Estimate(Double.POSITIVE_INFINITY, 1, cases, weightedPast);
      }
      double below = new BetaDistribution(null, cases, weightedPast).cumulativeProbability(0.5);
      return new Estimate(cases / weightedPast, 1 - below, cases, weightedPast);
    }
  }
}
