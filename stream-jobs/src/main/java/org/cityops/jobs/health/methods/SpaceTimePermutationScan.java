package org.cityops.jobs.health.methods;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.cityops.events.GeoPoint;

/**
 * Kulldorff's prospective space-time permutation scan statistic (Kulldorff et al. 2005, "A
 * space-time permutation scan statistic for disease outbreak detection"), over areas and days:
 *
 * <ul>
 *   <li>Cylinders: a circle of the {@code k} areas nearest a centre (by their centroids, within
 *       {@code maxRadiusM}, {@code k} up to {@code maxAreas}) times a window of the last {@code w}
 *       days ({@code w} up to {@code maxWindowDays}): prospective, so every window ends today.
 *   <li>Expected cases of a cylinder from the margins alone, {@code (cases in its areas over the
 *       whole period) x (cases anywhere in its days) / all cases}: an area's usual share and a
 *       day's usual volume, with no population needed.
 *   <li>Its log-likelihood ratio {@code c ln(c/mu) + (C-c) ln((C-c)/(C-mu))} when {@code c > mu},
 *       else 0.
 *   <li>Significance by Monte Carlo: the days of all cases are shuffled among them (the margins
 *       stay, any space-time interaction goes) {@code replicas} times; a cluster's p-value is the
 *       rank of its ratio among the replicas' largest ratios, {@code (1 + beaten) / (1 +
 *       replicas)}. 999 replicas give p-values down to 0.001.
 * </ul>
 *
 * <p>The result lists the most likely cluster and then the next ones that share no area with any
 * listed before (SaTScan's "no geographical overlap"), each with its p-value against the same
 * replicas, which is conservative for all but the first. Deterministic for a given seed.
 */
public final class SpaceTimePermutationScan implements Serializable {
  private final int[][] circles;
  private final int maxWindowDays;

  /**
   * @param centroids one point per area; an area's index in the counts is its index here
   * @param maxAreas the most areas in one cluster
   * @param maxRadiusM the widest circle, in metres between centroids
   * @param maxWindowDays the longest window, in days ending today
   */
  public SpaceTimePermutationScan(
      List<GeoPoint> centroids, int maxAreas, double maxRadiusM, int maxWindowDays) {
    if (centroids.isEmpty() || maxAreas < 1 || !(maxRadiusM >= 0) || maxWindowDays < 1) {
      throw new IllegalArgumentException(
          "a scan needs areas, clusters of 1 area or more, a radius of 0 m or more and windows of 1"
              + " day or more; had "
              + centroids.size()
              + " areas, "
              + maxAreas
              + ", "
              + maxRadiusM
              + " m, "
              + maxWindowDays
              + " days");
    }
    this.maxWindowDays = maxWindowDays;
    int n = centroids.size();
    circles = new int[n][];
    for (int centre = 0; centre < n; centre++) {
      GeoPoint c = centroids.get(centre);
      Integer[] order = new Integer[n];
      double[] metres = new double[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
        metres[i] = c.distanceMetresTo(centroids.get(i));
      }
      // ties broken by index, so the circles do not depend on the sort's stability
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> metres[i]).thenComparing(i -> i));
      int k = 0;
      while (k < Math.min(maxAreas, n) && metres[order[k]] <= maxRadiusM) {
        k++;
      }
      circles[centre] = new int[Math.max(k, 1)];
      for (int i = 0; i < circles[centre].length; i++) {
        circles[centre][i] = order[i];
      }
    }
  }

  /**
   * A cluster: its areas, how many days back it reaches, what was seen and expected there.
   *
   * @param areas indices of its areas, nearest the centre first
   */
  public record Cluster(
      List<Integer> areas,
      int windowDays,
      int observed,
      double expected,
      double logLikelihoodRatio,
      double pValue) {
    public double relativeRisk() {
      return observed / expected;
    }
  }

  /** The clusters found, most likely first, and what the scan ran on. */
  public record Result(List<Cluster> clusters, int totalCases, int days, int replicas) {
    /** The clusters with a p-value at or below {@code alpha}. */
    public List<Cluster> significant(double alpha) {
      return clusters.stream().filter(c -> c.pValue() <= alpha).toList();
    }
  }

  /**
   * Scans {@code counts[area][day]} (the last day is today) with {@code replicas} permutations.
   * Negative counts are refused; an area without cases is fine.
   */
  public Result scan(int[][] counts, int replicas, long seed) {
    if (counts.length != circles.length) {
      throw new IllegalArgumentException(
          "counts for " + counts.length + " areas, the scan knows " + circles.length);
    }
    int days = counts.length == 0 ? 0 : counts[0].length;
    int window = Math.min(maxWindowDays, days);
    int total = 0;
    int[] areaTotals = new int[counts.length];
    int[] dayTotals = new int[days];
    for (int a = 0; a < counts.length; a++) {
      if (counts[a].length != days) {
        throw new IllegalArgumentException("every area needs " + days + " days of counts");
      }
      for (int d = 0; d < days; d++) {
        if (counts[a][d] < 0) {
          throw new IllegalArgumentException("negative count at area " + a + ", day " + d);
        }
        areaTotals[a] += counts[a][d];
        dayTotals[d] += counts[a][d];
        total += counts[a][d];
      }
    }
    if (total == 0 || window == 0) {
      return new Result(List.of(), total, days, replicas);
    }
    // cases in the last w days, anywhere: the time margin of every window
    double[] windowTotals = new double[window + 1];
    for (int w = 1; w <= window; w++) {
      windowTotals[w] = windowTotals[w - 1] + dayTotals[days - w];
    }
    Expectations expected = new Expectations(areaTotals, windowTotals, total);
    List<Candidate> candidates = new ArrayList<>();
    best(recentCounts(counts, window), expected, candidates);
    double[] replicaMaxima = permutationMaxima(counts, areaTotals, expected, replicas, seed);
    candidates.sort(Comparator.comparingDouble(Candidate::llr).reversed());
    List<Cluster> clusters = new ArrayList<>();
    boolean[] taken = new boolean[counts.length];
    for (Candidate c : candidates) {
      int[] members = Arrays.copyOf(circles[c.centre], c.k);
      if (Arrays.stream(members).anyMatch(a -> taken[a])) {
        continue;
      }
      for (int a : members) {
        taken[a] = true;
      }
      int beaten = 0;
      for (double m : replicaMaxima) {
        if (m >= c.llr) {
          beaten++;
        }
      }
      clusters.add(
          new Cluster(
              Arrays.stream(members).boxed().toList(),
              c.w,
              c.observed,
              c.expected,
              c.llr,
              (1.0 + beaten) / (1.0 + replicas)));
    }
    return new Result(clusters, total, days, replicas);
  }

  private record Candidate(int centre, int k, int w, int observed, double expected, double llr) {}

  /** {@code recent[area][w]}: the area's cases in the last {@code w} days. */
  private static int[][] recentCounts(int[][] counts, int window) {
    int days = counts[0].length;
    int[][] recent = new int[counts.length][window + 1];
    for (int a = 0; a < counts.length; a++) {
      for (int w = 1; w <= window; w++) {
        recent[a][w] = recent[a][w - 1] + counts[a][days - w];
      }
    }
    return recent;
  }

  /**
   * What each cylinder expects, and the logarithms its ratio needs, worked out once per scan: the
   * permutations keep both margins, so a cylinder's expectation is the same for the observed counts
   * and for every replica, and only its count changes. Counts are whole numbers up to the total, so
   * their logarithms come from a table: a replica's ratios then need no logarithm at all (they took
   * most of the scan's time).
   */
  private final class Expectations {
    final int total;
    final int window;

    /** Cases in the last {@code w} days, anywhere (entry 0 is 0). */
    final double[] windowTotals;

    /** {@code ln n} for n = 0 .. total (entry 0 unused). */
    final double[] lnCount;

    /** Per centre, per {@code (k - 1) * window + (w - 1)}: mu, ln mu and ln(total - mu). */
    final double[][] mu;

    final double[][] lnMu;
    final double[][] lnRest;

    Expectations(int[] areaTotals, double[] windowTotals, int total) {
      this.total = total;
      this.window = windowTotals.length - 1;
      this.windowTotals = windowTotals;
      lnCount = new double[total + 1];
      for (int n = 1; n <= total; n++) {
        lnCount[n] = Math.log(n);
      }
      mu = new double[circles.length][];
      lnMu = new double[circles.length][];
      lnRest = new double[circles.length][];
      for (int centre = 0; centre < circles.length; centre++) {
        int cells = circles[centre].length * window;
        mu[centre] = new double[cells];
        lnMu[centre] = new double[cells];
        lnRest[centre] = new double[cells];
        double circleTotal = 0;
        for (int k = 1; k <= circles[centre].length; k++) {
          circleTotal += areaTotals[circles[centre][k - 1]];
          for (int w = 1; w <= window; w++) {
            int cell = (k - 1) * window + (w - 1);
            double m = circleTotal * windowTotals[w] / total;
            mu[centre][cell] = m;
            lnMu[centre][cell] = Math.log(m);
            lnRest[centre][cell] = Math.log(total - m);
          }
        }
      }
    }

    /** {@link #logLikelihoodRatio} of {@code c} cases in the cylinder {@code cell} of a centre. */
    double ratio(int centre, int cell, int c) {
      double m = mu[centre][cell];
      if (c <= m || m <= 0) {
        return 0;
      }
      double llr = c * (lnCount[c] - lnMu[centre][cell]);
      if (total > c) {
        llr += (total - c) * (lnCount[total - c] - lnRest[centre][cell]);
      }
      return llr;
    }
  }

  /**
   * The largest ratio over all cylinders; with {@code keep} not null, also every cylinder's best
   * window per circle with a positive ratio, for the cluster list.
   */
  private double best(int[][] recent, Expectations expectations, List<Candidate> keep) {
    int window = expectations.window;
    double max = 0;
    int[] inCircle = new int[window + 1];
    for (int centre = 0; centre < circles.length; centre++) {
      Arrays.fill(inCircle, 0);
      for (int k = 1; k <= circles[centre].length; k++) {
        int area = circles[centre][k - 1];
        int first = (k - 1) * window - 1;
        Candidate bestHere = null;
        for (int w = 1; w <= window; w++) {
          inCircle[w] += recent[area][w];
          double llr = expectations.ratio(centre, first + w, inCircle[w]);
          if (llr > max) {
            max = llr;
          }
          if (keep != null && llr > 0 && (bestHere == null || llr > bestHere.llr)) {
            double expected = expectations.mu[centre][first + w];
            bestHere = new Candidate(centre, k, w, inCircle[w], expected, llr);
          }
        }
        if (bestHere != null) {
          keep.add(bestHere);
        }
      }
    }
    return max;
  }

  /** Kulldorff's ratio for {@code c} cases against {@code mu} expected, of {@code total}. */
  static double logLikelihoodRatio(int c, double mu, int total) {
    if (c <= mu || mu <= 0) {
      return 0;
    }
    double llr = c * Math.log(c / mu);
    if (total > c) {
      llr += (total - c) * Math.log((total - c) / (total - mu));
    }
    return llr;
  }

  private double[] permutationMaxima(
      int[][] counts, int[] areaTotals, Expectations expectations, int replicas, long seed) {
    double[] windowTotals = expectations.windowTotals;
    int total = expectations.total;
    int window = expectations.window;
    int[] caseArea = new int[total];
    int i = 0;
    for (int a = 0; a < counts.length; a++) {
      for (int n = 0; n < areaTotals[a]; n++) {
        caseArea[i++] = a;
      }
    }
    // the days of the window's cases, as "days back" (1 = today); all other days never count
    int recentCases = (int) windowTotals[window];
    int[] recentDays = new int[recentCases];
    int r0 = 0;
    for (int w = 1; w <= window; w++) {
      int onDay = (int) (windowTotals[w] - windowTotals[w - 1]);
      for (int n = 0; n < onDay; n++) {
        recentDays[r0++] = w;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] maxima = new double[replicas];
    int[][] recent = new int[counts.length][window + 1];
    for (int r = 0; r < replicas; r++) {
      // a permutation of all cases' days, drawn only as far as it matters: which cases get the
      // window's days (a partial Fisher-Yates shuffle of the areas), O(window's cases) a replica
      for (int[] row : recent) {
        java.util.Arrays.fill(row, 0);
      }
      for (int j = 0; j < recentCases; j++) {
        int k = j + random.nextInt(total - j);
        int t = caseArea[j];
        caseArea[j] = caseArea[k];
        caseArea[k] = t;
        recent[caseArea[j]][recentDays[j]]++;
      }
      for (int[] row : recent) {
        for (int w = 1; w <= window; w++) {
          row[w] += row[w - 1];
        }
      }
      maxima[r] = best(recent, expectations, null);
    }
    return maxima;
  }
}
