package org.cityops.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.events.DurationText;
import org.cityops.events.Topics;
import org.cityops.jobs.rain.RainJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rain job against its ceilings, all in one run on one machine: Kafka written and read with no
 * processing, a Flink job that only reads and parses, and the rain job itself, the last two on the
 * same data, cluster and parallelism. Prints each round and the medians, each figure also as a
 * share of the ceiling above it.
 */
@Command(
    name = "ceilings",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes synthetic rain readings (a storm crossing the city every two days) into an embedded"
          + " Kafka, then in each round reads them back three ways and prints the rates:",
      "  Kafka consume      one plain consumer, no processing (the ceiling of any reader)",
      "  Flink read+parse   the rain job's own Kafka source and parser into a discarding sink",
      "  rain job           the same source into the whole rain detection and its Kafka sinks",
      "Each figure is also given as a share of the one above it; the target for the rain job is"
          + " 0.60 of read+parse or more. A warm-up round (not reported) comes first.",
      ""
    })
public final class CeilingsCommand implements Callable<Integer> {
  @Option(
      names = "--readings",
      defaultValue = "1000000",
      description = "Readings to write and read (default ${DEFAULT-VALUE})")
  long readings;

  @Option(
      names = "--gauges",
      defaultValue = "1000",
      description = "Gauges they come from (default ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--interval",
      defaultValue = "15m",
      description = "Between two readings of one gauge (default ${DEFAULT-VALUE}, Alerta Rio's)")
  String interval;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds reported (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "1",
      description = "Rounds run first and not reported (default ${DEFAULT-VALUE})")
  int warmupRounds;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of city.readings (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--setting",
      paramLabel = "KEY=VALUE",
      description =
          "A rain job setting, as --KEY VALUE would give it to the job (repeatable), e.g."
              + " rain.strong-mm=30 or checkpoint.interval=10s (here 3s unless given, so that each"
              + " run completes checkpoints and the state per gauge can be read from them)")
  List<String> settings = new ArrayList<>();

  @Option(
      names = "--no-reports-input",
      description =
          "Run the rain job without its residents' reports input (as the figures before"
              + " 2026-11-29 did): no urban flooding, so strong rain does not take its path")
  boolean noReportsInput;

  /** Every figure of a run, for whoever wants more than the printout. */
  public record Report(
      Rate produced,
      List<Rate> consumed,
      List<FlinkRuns.Run> parsed,
      List<FlinkRuns.Run> sums,
      List<FlinkRuns.Run> rain) {}

  @Override
  public Integer call() throws Exception {
    run(System.out);
    return 0;
  }

  /** Runs the whole benchmark, printing as it goes. */
  public Report run(PrintStream out) throws Exception {
    check(readings >= 1, "--readings must be at least 1");
    check(gauges >= 1 && gauges <= 1_000_000, "--gauges must be 1..1000000");
    check(rounds >= 1 && warmupRounds >= 0, "--rounds must be at least 1, --warmup-rounds 0+");
    check(parallelism >= 1 && partitions >= 1, "--parallelism and --partitions must be 1+");
    Duration step = DurationText.parse(interval);
    SyntheticStorms storms =
        new SyntheticStorms(gauges, readings, SyntheticStorms.FIRST_STEP, step);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      RainJobConfig config = config(kafka.bootstrapServers());
      out.printf(
          "cityops-bench ceilings: %,d readings from %,d gauges every %s (%s to %s), one reading"
              + " per record; city.readings in %d partitions on an embedded Kafka; Flink"
              + " parallelism %d, checkpoint every %d s; %d cores, heap up to %,d MB%n",
          storms.size(),
          storms.gauges(),
          interval,
          SyntheticStorms.FIRST_STEP,
          storms.end(),
          partitions,
          parallelism,
          config.checkpointInterval().toSeconds(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      kafka.createTopics(
          partitions, List.of(Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED));
      out.println(
          noReportsInput
              ? "rain job without its residents' reports input (no urban flooding)"
              : "rain job as deployed: with its residents' reports input (city.reports, empty"
                  + " here), so strong rain also takes the urban-flooding path");
      KafkaCeiling kafkaCeiling = new KafkaCeiling(kafka.bootstrapServers());
      Rate produced = kafkaCeiling.produce(Topics.READINGS, storms);
      out.printf("Kafka produce (acks=all, idempotent, one producer): %s%n", produced);
      List<Rate> consumed = new ArrayList<>();
      List<FlinkRuns.Run> parsed = new ArrayList<>();
      List<FlinkRuns.Run> sums = new ArrayList<>();
      List<FlinkRuns.Run> rain = new ArrayList<>();
      for (int round = 1 - warmupRounds; round <= rounds; round++) {
        String label = round < 1 ? "warm-up" : "round " + round;
        Rate consume = kafkaCeiling.consume(Topics.READINGS, storms.size());
        FlinkRuns.Run parse =
            FlinkRuns.readAndParse(config, "bench-parse-" + (round + warmupRounds), parallelism);
        FlinkRuns.Run sum =
            FlinkRuns.rollingSumsAlone(config, "bench-sums-" + (round + warmupRounds), parallelism);
        FlinkRuns.Run job =
            FlinkRuns.rainJob(
                config, "bench-rain-" + (round + warmupRounds), parallelism, !noReportsInput);
        out.printf(
            "%s: Kafka consume %s | Flink read+parse %s = %.2f of Kafka consume | rolling sums"
                + " alone %s = %.2f of read+parse | rain job %s = %.2f of read+parse, %,d incident"
                + " versions%n",
            label,
            consume,
            parse.rate(),
            parse.rate().of(consume),
            sum.rate(),
            sum.rate().of(parse.rate()),
            job.rate(),
            job.rate().of(parse.rate()),
            job.incidentVersions());
        out.printf(
            "  CPU of the job's threads per reading: read+parse %.1f µs | rolling sums alone %.1f"
                + " µs = %.2f of read+parse's rate by CPU | rain job %.1f µs = %.2f%n",
            parse.cpuMicrosPerRecord(),
            sum.cpuMicrosPerRecord(),
            cpuShare(sum, parse),
            job.cpuMicrosPerRecord(),
            cpuShare(job, parse));
        printState(out, job.state(), storms.gauges());
        if (round >= 1) {
          consumed.add(consume);
          parsed.add(parse);
          sums.add(sum);
          rain.add(job);
        }
      }
      printMedians(out, consumed, parsed, sums, rain);
      return new Report(produced, consumed, parsed, sums, rain);
    }
  }

  /**
   * The rain job's state at its last completed checkpoint, per gauge: what a gauge costs in a
   * checkpoint (serialized; on the heap it takes more).
   */
  private static void printState(PrintStream out, CheckpointSizes.Latest state, int gauges) {
    if (state == null) {
      out.println("  rain job state: no checkpoint completed during the run");
      return;
    }
    StringBuilder tasks = new StringBuilder();
    state.perGauge(gauges, "").forEach(line -> tasks.append(String.format("%n    %s", line)));
    out.printf(
        "  rain job state at checkpoint %d: %,.1f MB, %,.0f bytes per gauge%s%n",
        state.checkpointId(), state.total() / 1e6, state.total() / (double) gauges, tasks);
  }

  private RainJobConfig config(String bootstrapServers) {
    return BenchSetup.rainConfig(
        Map.of(
            "kafka.bootstrap-servers", bootstrapServers,
            "kafka.bounded", "true",
            // runs last seconds: checkpoints often enough that one completes in each
            "checkpoint.interval", "3s"),
        settings);
  }

  private static void printMedians(
      PrintStream out,
      List<Rate> consumed,
      List<FlinkRuns.Run> parsed,
      List<FlinkRuns.Run> sums,
      List<FlinkRuns.Run> rain) {
    double consume = median(consumed.stream().mapToDouble(Rate::perSecond).toArray());
    double parse = median(parsed.stream().mapToDouble(r -> r.rate().perSecond()).toArray());
    double job = median(rain.stream().mapToDouble(r -> r.rate().perSecond()).toArray());
    double parseShare = medianOfRounds(parsed, consumed, (p, c) -> p.rate().of(c));
    double jobShare = medianOfRounds(rain, parsed, (j, p) -> j.rate().of(p.rate()));
    double sumsRate = median(sums.stream().mapToDouble(r -> r.rate().perSecond()).toArray());
    double sumsShare = medianOfRounds(sums, parsed, (m, p) -> m.rate().of(p.rate()));
    out.printf(
        "medians of %d rounds: Kafka consume %,.0f/s; Flink read+parse %,.0f/s (%.2f of Kafka"
            + " consume); rolling sums alone %,.0f/s (%.2f of read+parse); rain job %,.0f/s"
            + " (%.2f of read+parse; target 0.60)%n",
        consumed.size(), consume, parse, parseShare, sumsRate, sumsShare, job, jobShare);
    out.printf(
        "medians by CPU of the job's threads per reading: read+parse %.1f µs; rolling sums alone"
            + " %.1f µs (%.2f of read+parse); rain job %.1f µs (%.2f of read+parse)%n",
        median(parsed.stream().mapToDouble(FlinkRuns.Run::cpuMicrosPerRecord).toArray()),
        median(sums.stream().mapToDouble(FlinkRuns.Run::cpuMicrosPerRecord).toArray()),
        medianOfRounds(sums, parsed, CeilingsCommand::cpuShare),
        median(rain.stream().mapToDouble(FlinkRuns.Run::cpuMicrosPerRecord).toArray()),
        medianOfRounds(rain, parsed, CeilingsCommand::cpuShare));
  }

  /** The median over rounds of a figure of each round's run against the same round's ceiling. */
  private static <R, C> double medianOfRounds(
      List<R> runs, List<C> ceilings, java.util.function.ToDoubleBiFunction<R, C> figure) {
    return median(
        java.util.stream.IntStream.range(0, runs.size())
            .mapToDouble(i -> figure.applyAsDouble(runs.get(i), ceilings.get(i)))
            .toArray());
  }

  /**
   * The rate {@code run} would reach as a share of {@code ceiling}'s if both had the same CPU: the
   * ceiling's CPU per reading over the run's. Steadier than the share of rates on a shared machine.
   */
  static double cpuShare(FlinkRuns.Run run, FlinkRuns.Run ceiling) {
    double cpu = run.cpuMicrosPerRecord();
    return cpu == 0 ? 0 : ceiling.cpuMicrosPerRecord() / cpu;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
