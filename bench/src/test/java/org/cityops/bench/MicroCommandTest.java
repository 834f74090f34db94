package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine;

/** The JMH harness runs (in this JVM, one short iteration): the benchmarks are found and timed. */
class MicroCommandTest {

  @Test
  void theRainSumsBenchmarkRunsAndGivesATime() throws Exception {
    MicroCommand command = new MicroCommand();
    new CommandLine(command)
        .parseArgs(
            "--include", "RainSumsBenchmark.oneStepWithSumsOfFiveWindows",
            "--forks", "0",
            "--seconds", "1",
            "--warmups", "0",
            "--iterations", "1");
    Collection<RunResult> results = command.run();
    assertThat(results).hasSize(1);
    RunResult result = results.iterator().next();
    assertThat(result.getParams().getBenchmark())
        .endsWith("RainSumsBenchmark.oneStepWithSumsOfFiveWindows");
    // a walk over 387 samples: more than a nanosecond, far less than a millisecond
    assertThat(result.getPrimaryResult().getScore()).isBetween(1.0, 1_000_000.0);
  }
}
