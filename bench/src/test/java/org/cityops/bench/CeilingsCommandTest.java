package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The harness at a small size: every stage must have read every reading (a rate over part of the
 * data would flatter it), the rain job must have detected something, and the same data must give
 * the same incidents in every round.
 */
class CeilingsCommandTest {

  private static CeilingsCommand command(String... args) {
    CeilingsCommand command = new CeilingsCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void everyStageReadsEveryReadingAndTheJobDetectsTheSameIncidentsEachRound() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    CeilingsCommand.Report report =
        command(
                "--readings",
                "12000",
                "--gauges",
                "60",
                "--rounds",
                "2",
                "--warmup-rounds",
                "0",
                "--setting",
                "checkpoint.interval=5s")
            .run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    System.out.print(out);

    assertThat(report.produced().count()).isEqualTo(12_000);
    assertThat(report.consumed())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.count()).isEqualTo(12_000));
    assertThat(report.parsed())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.rate().count()).isEqualTo(12_000));
    assertThat(report.sums())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.rate().count()).isEqualTo(12_000));
    assertThat(report.rain())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.rate().count()).isEqualTo(12_000));
    // 200 steps of 15 minutes = 50 hours: one storm crosses every gauge
    long versions = report.rain().get(0).incidentVersions();
    assertThat(versions).isGreaterThanOrEqualTo(60);
    assertThat(report.rain().get(1).incidentVersions()).isEqualTo(versions);
    // the CPU each job's threads used: the whole rain job does more per reading than its own
    // source and parser alone, in every round
    for (int round = 0; round < 2; round++) {
      FlinkRuns.Run parse = report.parsed().get(round);
      FlinkRuns.Run job = report.rain().get(round);
      assertThat(parse.taskCpu()).isPositive();
      assertThat(job.cpuMicrosPerRecord()).isGreaterThan(parse.cpuMicrosPerRecord());
      assertThat(CeilingsCommand.cpuShare(job, parse)).isStrictlyBetween(0.0, 1.0);
    }
    assertThat(out)
        .contains("CPU of the job's threads per reading: read+parse ")
        .contains("medians by CPU of the job's threads per reading")
        .contains("12,000 readings from 60 gauges")
        .contains("checkpoint every 5 s")
        .contains("round 1: Kafka consume")
        .contains("round 2: Kafka consume")
        .contains("of read+parse")
        .contains("| rolling sums alone ")
        .contains("medians of 2 rounds");
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> command("--readings", "0").run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--readings");
    assertThatThrownBy(() -> command("--readings", "10", "--setting", "strong").run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(
            () -> command("--readings", "10", "--setting", "rain.nonsense=1").run(System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rain.nonsense");
    assertThatThrownBy(() -> command("--readings", "10", "--interval", "soon").run(System.out))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
