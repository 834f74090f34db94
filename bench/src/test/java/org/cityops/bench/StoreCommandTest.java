package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StoreCommandTest {

  @Test
  void everyRowWrittenIsInTheTableAndTheStoresThreadsAreCounted() throws Exception {
    StoreCommand command = new StoreCommand();
    new CommandLine(command)
        .parseArgs(
            "--rate",
            "400",
            "--seconds",
            "2",
            "--warmup-seconds",
            "1",
            "--gauges",
            "50",
            "--flush-interval",
            "200ms",
            "--rounds",
            "1");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<StoreCommand.Round> rounds =
        command.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    System.out.print(out);

    assertThat(rounds).hasSize(1);
    for (StoreCommand.Run run : List.of(rounds.get(0).shipped(), rounds.get(0).embedded())) {
      // 400 rows/s for 3 s, 50 gauges 15 minutes apart: 24 steps, every row a key of its own
      assertThat(run.rows()).isEqualTo(1_200);
      assertThat(run.rowsInTable()).isEqualTo(run.rows());
      assertThat(run.storeCores()).as("QuestDB's threads were read").isPositive();
      assertThat(run.microsPerRow()).isPositive();
    }
    assertThat(out)
        .contains("store: 400 rows/s of 50 gauges, 2 writers flushing every 200ms")
        .containsPattern(
            "round 1, as QuestDB ships it: store [0-9.]+ cores, [0-9.]+ µs a row; 1,200 of 1,200 rows in the table")
        .containsPattern("round 1, as CityOps runs it: store [0-9.]+ cores")
        .containsPattern("median of 1 rounds: [0-9.]+ of the CPU per row");
  }

  @Test
  void refusesAFlushIntervalOfNothingAndAnEmptyRate() {
    StoreCommand noFlush = new StoreCommand();
    new CommandLine(noFlush).parseArgs("--flush-interval", "0s");
    assertThatThrownBy(() -> noFlush.run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--flush-interval");
    StoreCommand noRate = new StoreCommand();
    new CommandLine(noRate).parseArgs("--rate", "0");
    assertThatThrownBy(() -> noRate.run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rate");
  }
}
