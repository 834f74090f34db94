package org.cityops.bench;

import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The JMH micro-benchmarks of the hot functions ({@code org.cityops.bench.micro}). */
@Command(
    name = "micro",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "JMH micro-benchmarks of the hot functions: parsing (the bridge's native JSON and SenML, the"
          + " jobs' deserializer), the rolling rain sums, fan-out matching (H3 cover of a warning,"
          + " a place's cell, a place against the warning's circle). Average time per call.",
      ""
    })
public final class MicroCommand implements Callable<Integer> {
  @Option(
      names = "--include",
      defaultValue = "org.cityops.bench.micro.*",
      description = "Regular expression of the benchmarks to run (default ${DEFAULT-VALUE})")
  String include;

  @Option(
      names = "--forks",
      defaultValue = "1",
      description = "JVMs forked per benchmark (default ${DEFAULT-VALUE})")
  int forks;

  @Option(
      names = "--seconds",
      defaultValue = "2",
      description = "Seconds per warm-up and per measured iteration (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--warmups",
      defaultValue = "3",
      description = "Warm-up iterations (default ${DEFAULT-VALUE})")
  int warmups;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description = "Measured iterations (default ${DEFAULT-VALUE})")
  int iterations;

  @Override
  public Integer call() throws Exception {
    run();
    return 0;
  }

  /** Runs the benchmarks; JMH prints as it goes and a table at the end. */
  public Collection<RunResult> run() throws RunnerException {
    if (forks < 0 || seconds < 1 || warmups < 0 || iterations < 1) {
      throw new IllegalArgumentException(
          "--forks and --warmups must be 0 or more, --seconds and --iterations 1 or more");
    }
    Options options =
        new OptionsBuilder()
            .include(include)
            .forks(forks)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .build();
    return new Runner(options).run();
  }
}
