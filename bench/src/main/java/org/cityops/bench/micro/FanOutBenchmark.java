package org.cityops.bench.micro;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;
import org.cityops.jobs.fanout.CellCover;
import org.cityops.jobs.fanout.WarningArea;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Fan-out matching, from one warning to the residents it concerns: the H3 cells a warning's circle
 * covers (each becomes a key the subscriptions of that cell are matched under), the cell of a
 * resident's place, and the exact test of a place against the circle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanOutBenchmark {
  private static final GeoPoint CENTER = new GeoPoint(-22.9711, -43.1822);

  private final CellCover cover = new CellCover();
  private final WarningArea area = new WarningArea(CENTER, 2_000);
  private final Subscription.Place home =
      new Subscription.Place("home", new GeoPoint(-22.9800, -43.1900), 300);

  @Benchmark
  public List<String> cellsOfA2KmWarning() {
    return cover.cells(CENTER, 2_000);
  }

  @Benchmark
  public String cellOfAPlace() {
    return cover.cellOf(home.center());
  }

  @Benchmark
  public boolean placeTouchesWarning() {
    return area.touches(home);
  }
}
