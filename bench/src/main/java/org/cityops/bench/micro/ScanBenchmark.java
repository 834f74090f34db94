package org.cityops.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cityops.events.GeoPoint;
import org.cityops.jobs.health.methods.SpaceTimePermutationScan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One day's space-time permutation scan as the health job runs it at midnight, with its default
 * settings (84 study days, windows up to 14 days, circles of up to 10 areas within 5 km, 999
 * replicas): 164 areas, as Rio's neighbourhoods, scattered over a city-sized box, with background
 * cases at about the dengue simulator's volume (2.7 a day per area, Poisson) and a small outbreak
 * in the last week.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBenchmark {
  private static final int AREAS = 164;
  private static final int DAYS = 84;

  private SpaceTimePermutationScan scan;
  private int[][] counts;

  @Setup
  public void build() {
    SplittableRandom random = new SplittableRandom(2024);
    List<GeoPoint> centroids = new ArrayList<>();
    for (int a = 0; a < AREAS; a++) {
      centroids.add(
          new GeoPoint(-23.05 + random.nextDouble() * 0.25, -43.65 + random.nextDouble() * 0.5));
    }
    scan = new SpaceTimePermutationScan(centroids, 10, 5_000, 14);
    counts = new int[AREAS][DAYS];
    for (int a = 0; a < AREAS; a++) {
      for (int d = 0; d < DAYS; d++) {
        counts[a][d] = poisson(random, a == 17 && d >= DAYS - 7 ? 8.0 : 2.7);
      }
    }
  }

  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > limit);
    return k - 1;
  }

  @Benchmark
  public SpaceTimePermutationScan.Result oneDaysScanWith999Replicas() {
    return scan.scan(counts, 999, 7);
  }
}
