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
 * The rolling sums at a gauge's steady size (96 h + 30 min of 15-minute samples, 387): one step of
 * history (a sample in, the oldest out), and the same step with the five window sums ending at the
 * new sample, as the job takes it (the sums slide from the previous step's; summing the same end
 * twice would measure nothing).
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
  public RainSums oneStepWithSumsOfFiveWindows() {
    samples.put(next * STEP, (next % 7) * 0.2);
    RainSums sums =
        RollingRainSumFunction.windowSums(
            "barrinha", WHERE, samples, next * STEP, Duration.ofMinutes(15));
    samples.dropUpTo((next - 387) * STEP);
    next++;
    return sums;
  }

  @Benchmark
  public RainSamples oneStepOfHistory() {
    samples.put(next * STEP, 0.2);
    samples.dropUpTo((next - 387) * STEP);
    next++;
    return samples;
  }
}
