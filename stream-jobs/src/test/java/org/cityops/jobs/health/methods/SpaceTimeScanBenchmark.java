package org.cityops.jobs.health.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the daily scan takes at Rio's size: 164 areas, 84 days, circles of up to 10 areas,
 * windows up to 14 days, against the same scan with no replicas (the observed statistic alone) as
 * the baseline of the same process. A benchmark, not a test: it runs only with {@code
 * -Dcityops.bench=true} and prints its figures.
 */
@EnabledIfSystemProperty(named = "cityops.bench", matches = "true")
class SpaceTimeScanBenchmark {
  @Test
  void dailyScanAtRiosSize() {
    List<GeoPoint> areas = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 164; i++) {
      areas.add(new GeoPoint(-23.0 + random.nextDouble() * 0.2, -43.7 + random.nextDouble() * 0.5));
    }
    for (double perDay : new double[] {1, 3, 10}) {
      int[][] counts = new int[164][84];
      int total = 0;
      for (int a = 0; a < 164; a++) {
        for (int d = 0; d < 84; d++) {
          double l = Math.exp(-perDay);
          double p = random.nextDouble();
          int k = 0;
          while (p > l) {
            p *= random.nextDouble();
            k++;
          }
          counts[a][d] = k;
          total += k;
        }
      }
      var scan = new SpaceTimePermutationScan(areas, 10, 5_000, 14);
      for (int warm = 0; warm < 3; warm++) {
        scan.scan(counts, 99, warm);
      }
      long[] base = new long[5];
      long[] full = new long[5];
      for (int run = 0; run < 5; run++) {
        long t0 = System.nanoTime();
        scan.scan(counts, 0, run);
        base[run] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        scan.scan(counts, 999, run);
        full[run] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(base);
      java.util.Arrays.sort(full);
      System.out.printf(
          "scan: %d cases in 84 days over 164 areas (%.0f a day per area): 999 replicas %.0f ms,"
              + " observed only %.2f ms, ratio %.0f (medians of 5)%n",
          total, perDay, full[2] / 1e6, base[2] / 1e6, (double) full[2] / base[2]);
    }
  }
}
