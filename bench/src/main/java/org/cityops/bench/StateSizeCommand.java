package org.cityops.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.events.Topics;
import org.cityops.jobs.rain.RainJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the rain job's state costs per gauge, measured two ways on the same run: the size of a
 * checkpoint (serialized) and the heap it holds (live objects after a full collection, with the job
 * holding every gauge, minus the same once the job is cancelled). From these, the heap for a city
 * of {@code --city-gauges} gauges.
 */
@Command(
    name = "state-size",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes --steps readings for each of --gauges gauges into an embedded Kafka (by default 100"
          + " hours of 15-minute readings: more than the longest window, 96 h, so every gauge's"
          + " state is at its steady size), runs the rain job over them without end, and once it"
          + " has read them all and checkpointed, prints the state per gauge in the checkpoint and"
          + " on the heap (the slope between a quarter of --gauges and --gauges, so the job's fixed"
          + " overhead is not counted), and the heap a city of --city-gauges gauges would need.",
      ""
    })
public final class StateSizeCommand implements Callable<Integer> {
  @Option(
      names = "--gauges",
      defaultValue = "10000",
      description = "Gauges in the run (default ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--steps",
      defaultValue = "400",
      description = "Readings per gauge, 15 minutes apart (default ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--city-gauges",
      defaultValue = "100000",
      description = "Gauges to estimate the heap for (default ${DEFAULT-VALUE})")
  int cityGauges;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "3s",
      description = "The job's checkpoint interval (default ${DEFAULT-VALUE})")
  String checkpointInterval;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism (default ${DEFAULT-VALUE})")
  int parallelism;

  /**
   * One measurement: the last checkpoint's size and the heap the job held beyond what was live once
   * it was cancelled (its state, and the job's own fixed overhead).
   */
  public record Measurement(int gauges, CheckpointSizes.Latest checkpoint, long heapBytes) {
    double checkpointBytesPerGauge() {
      return checkpoint.total() / (double) gauges;
    }
  }

  /**
   * Both measurements; the heap per gauge is the slope between them, so that the job's fixed
   * overhead (tens of MB: task structures, Kafka clients) does not count as state.
   */
  public record Report(Measurement small, Measurement large) {
    double heapBytesPerGauge() {
      return (large.heapBytes() - small.heapBytes()) / (double) (large.gauges() - small.gauges());
    }

    double fixedHeapBytes() {
      return large.heapBytes() - heapBytesPerGauge() * large.gauges();
    }
  }

  @Override
  public Integer call() throws Exception {
    run(System.out);
    return 0;
  }

  public Report run(PrintStream out) throws Exception {
    if (gauges < 4 || steps < 1 || cityGauges < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "--gauges must be at least 4, --steps, --city-gauges and --parallelism at least 1");
    }
    out.printf(
        "cityops-bench state-size: %,d and then %,d gauges x %,d readings 15 minutes apart,"
            + " Flink parallelism %d, heap up to %,d MB%n",
        gauges / 4, gauges, steps, parallelism, Runtime.getRuntime().maxMemory() >> 20);
    Measurement small = measure(out, gauges / 4);
    Measurement large = measure(out, gauges);
    Report report = new Report(small, large);
    large.checkpoint().perGauge(gauges, " in the checkpoint").forEach(l -> out.println("  " + l));
    out.printf(
        "heap per gauge (slope from %,d to %,d gauges): %,.0f bytes, %.1f times its %,.0f bytes"
            + " in a checkpoint; the job's fixed overhead about %,.0f MB%n",
        small.gauges(),
        large.gauges(),
        report.heapBytesPerGauge(),
        report.heapBytesPerGauge() / large.checkpointBytesPerGauge(),
        large.checkpointBytesPerGauge(),
        report.fixedHeapBytes() / 1e6);
    out.printf(
        "a city of %,d gauges: about %,.0f MB of heap for the rain job's state (%,.0f MB in a"
            + " checkpoint), plus the fixed overhead%n",
        cityGauges,
        report.heapBytesPerGauge() * cityGauges / 1e6,
        large.checkpointBytesPerGauge() * cityGauges / 1e6);
    return report;
  }

  private Measurement measure(PrintStream out, int gaugesNow) throws Exception {
    long total = (long) gaugesNow * steps;
    SyntheticStorms storms =
        new SyntheticStorms(gaugesNow, total, SyntheticStorms.FIRST_STEP, Duration.ofMinutes(15));
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(
          parallelism,
          List.of(Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED));
      Rate produced = new KafkaCeiling(kafka.bootstrapServers()).produce(Topics.READINGS, storms);
      out.printf("%,d gauges: written to Kafka %s%n", gaugesNow, produced);
      String group = "bench-state";
      RainJobConfig config =
          BenchSetup.rainConfig(
              Map.of(
                  "kafka.bootstrap-servers",
                  kafka.bootstrapServers(),
                  "kafka.group",
                  group,
                  "checkpoint.interval",
                  checkpointInterval),
              List.of());
      FlinkRuns.Started started = FlinkRuns.startUnboundedRainJob(config, group, parallelism);
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      long lastPrinted = System.nanoTime();
      // offsets are committed when a checkpoint completes: all committed = all in its state
      while (kafka.committed(group, Topics.READINGS) < total) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the job did not read everything in 30 minutes");
        }
        if (System.nanoTime() - lastPrinted > Duration.ofSeconds(10).toNanos()) {
          out.printf(
              "  read and checkpointed %,d of %,d%n",
              kafka.committed(group, Topics.READINGS), total);
          lastPrinted = System.nanoTime();
        }
        Thread.sleep(500);
      }
      CheckpointSizes.Latest state = awaitCheckpointAfter(started.sizes(), 0);
      long heapWith = liveHeap();
      started.job().cancel().get();
      long heapAfter = liveHeap();
      Measurement m = new Measurement(gaugesNow, state, heapWith - heapAfter);
      out.printf(
          "%,d gauges: checkpoint %d holds %,.1f MB (%,.0f bytes per gauge); %,.1f MB more heap"
              + " live while the job ran than after it was cancelled%n",
          gaugesNow,
          state.checkpointId(),
          state.total() / 1e6,
          m.checkpointBytesPerGauge(),
          m.heapBytes() / 1e6);
      return m;
    }
  }

  /** Waits for a completed checkpoint newer than {@code after} (one taken after all was read). */
  private static CheckpointSizes.Latest awaitCheckpointAfter(CheckpointSizes sizes, long after)
      throws InterruptedException {
    CheckpointSizes.Latest first = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      CheckpointSizes.Latest latest = sizes.poll();
      if (latest != null && latest.checkpointId() > after) {
        if (first == null) {
          first = latest;
        } else if (latest.checkpointId() > first.checkpointId()) {
          return latest; // the one after the checkpoint that committed the last offsets
        }
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("no checkpoint completed after the input was read");
  }

  /** Heap in use by live objects: after full collections, once it stops falling. */
  static long liveHeap() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous - (1 << 20)) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }
}
