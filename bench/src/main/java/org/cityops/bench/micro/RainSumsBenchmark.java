package org.cityops.bench.micro;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.cityops.events.GeoPoint;
import org.cityops.jobs.rain.RainSamples;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RollingRainSumFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rolling sums at a gauge's steady size (96 h + 30 min of 15-minute samples, 387): the five
 * window sums ending at the newest sample, and one step of history (a sample in, the oldest out).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RainSumsBenchmark {
  private static final long STEP = Duration.ofMinutes(15).toMillis();
  private static final GeoPoint WHERE = new GeoPoint(-23.008, -43.299);

  private RainSamples samples;
  private long next;

  @Setup
  public void fill() {
    samples = new RainSamples();
    for (next = 0; next < 387; next++) {
      samples.put(next * STEP, (next % 7) * 0.2);
    }
  }

  @Benchmark
  public RainSums sumsOfFiveWindows() {
    return RollingRainSumFunction.windowSums(
        "barrinha", WHERE, samples, (next - 1) * STEP, Duration.ofMinutes(15));
  }

  @Benchmark
  public RainSamples oneStepOfHistory() {
    samples.put(next * STEP, 0.2);
    samples.dropUpTo((next - 387) * STEP);
    next++;
    return samples;
  }
}
