package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StateSizeCommandTest {

  @Test
  void measuresTheRollingSumsOfEveryGaugeAtTheirSteadySize() throws Exception {
    StateSizeCommand command = new StateSizeCommand();
    new CommandLine(command)
        .parseArgs(
            "--gauges",
            "120",
            "--steps",
            "400",
            "--city-gauges",
            "1000",
            "--checkpoint-interval",
            "1s");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StateSizeCommand.Report report =
        command.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    // 400 readings 15 minutes apart: each gauge keeps 96 h + 30 min of them, 387 samples of a
    // time and a value (16 bytes) in the checkpoint, plus the other detectors' state; each run's
    // figure also carries the job's fixed overhead (every operator's broadcast rules, sources'
    // positions), which weighs most in the small run, so the cost of one more gauge is the slope
    double slope =
        (report.large().checkpointBytesPerGauge() * report.large().gauges()
                - report.small().checkpointBytesPerGauge() * report.small().gauges())
            / (report.large().gauges() - report.small().gauges());
    assertThat(slope).isBetween(387 * 16.0, 12_000.0);
    assertThat(report.large().checkpointBytesPerGauge()).isBetween(slope, 12_000.0);
    assertThat(report.small().checkpointBytesPerGauge())
        .isGreaterThan(report.large().checkpointBytesPerGauge());
    assertThat(report.small().gauges()).isEqualTo(30);
    assertThat(out)
        // the rolling sums share their task with gauge health (one exchange of the readings)
        .containsPattern("[0-9,]+ B/gauge in the checkpoint  [^\\n]*rolling rain sums per gauge")
        .contains("heap per gauge (slope from 30 to 120 gauges)")
        .contains("a city of 1,000 gauges: about");
  }

  @Test
  void refusesAnEmptyRun() {
    StateSizeCommand command = new StateSizeCommand();
    new CommandLine(command).parseArgs("--gauges", "0");
    assertThatThrownBy(() -> command.run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--gauges");
  }
}
