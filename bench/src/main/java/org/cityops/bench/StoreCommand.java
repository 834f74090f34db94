package org.cityops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cityops.embedded.EmbeddedQuestDb;
import org.cityops.events.DurationText;
import org.cityops.events.Reading;
import org.cityops.jobs.sinks.influx.Measurements;
import org.cityops.jobs.sinks.influx.PointMapper;
import org.cityops.jobs.sinks.influx.QuestDbTables;
import org.cityops.timeseries.LineWriter;
import org.cityops.timeseries.StoreEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time-series store alone: the embedded QuestDB taking rain readings as the jobs' sink writes
 * them (line protocol over HTTP, the CityOps tables with their deduplication keys, one writer per
 * sink subtask flushing on an interval), at a steady rate, once with QuestDB's worker settings as
 * it ships and once as {@link EmbeddedQuestDb} runs it, alternating. It prints the CPU the store's
 * threads spent per row (what the pipeline's "time-series store" part counts), the ratio between
 * the two, every row counted back from the table, and how long after the last write the last rows
 * could be queried: the price of workers that sleep sooner.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes rain readings of --gauges gauges at --rate rows/s into the embedded QuestDB through"
          + " the jobs' line-protocol writer (--writers writers, each flushing every"
          + " --flush-interval, as the jobs' time-series sinks do), first with QuestDB's worker"
          + " settings as it ships, then as CityOps runs it, --rounds times; per run it prints the"
          + " store's CPU per row over --seconds after --warmup-seconds, checks every row is in the"
          + " table, and how long after the last write it could be queried.",
      ""
    })
public final class StoreCommand implements Callable<Integer> {
  @Option(
      names = "--rate",
      defaultValue = "2000",
      description = "Rows per second written (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "Seconds measured in each run (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "10",
      description = "Seconds written before the measuring starts (default ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(
      names = "--gauges",
      defaultValue = "1000",
      description =
          "Gauges, each a reading every 15 minutes of event time (default ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--writers",
      defaultValue = "2",
      description = "Writers, as the sink's subtasks at parallelism 2 (default ${DEFAULT-VALUE})")
  int writers;

  @Option(
      names = "--flush-interval",
      defaultValue = "1s",
      description =
          "How often each writer writes, as influx.flush-interval (default ${DEFAULT-VALUE})")
  String flushIntervalText;

  private Duration flushInterval;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description = "Pairs of runs, as shipped then as CityOps runs it (default ${DEFAULT-VALUE})")
  int rounds;

  /** QuestDB's own idle thresholds (nap after 7,000 idle cycles, sleep after 10,000). */
  static final Map<String, String> AS_SHIPPED = EmbeddedQuestDb.idleSettings(7_000, 10_000);

  /** One run's figures. */
  record Run(
      long rows, double storeCores, double microsPerRow, long rowsInTable, Duration visible) {}

  /** A pair of runs, one with each setting, and the CPU per row of the second over the first. */
  record Round(Run shipped, Run embedded) {
    double ratio() {
      return embedded.microsPerRow() / shipped.microsPerRow();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    run(System.out);
    return 0;
  }

  /** Runs the rounds, printing each run as it ends. */
  List<Round> run(PrintStream out) throws Exception {
    flushInterval = DurationText.parse(flushIntervalText);
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          "--flush-interval must be positive, was " + flushIntervalText);
    }
    if (rate < 1 || seconds < 1 || warmupSeconds < 0 || gauges < 1 || writers < 1 || rounds < 1) {
      throw new IllegalArgumentException(
          "--rate, --seconds, --gauges, --writers and --rounds must be positive, --warmup-seconds"
              + " not negative");
    }
    out.printf(
        Locale.ROOT,
        "store: %,d rows/s of %,d gauges, %d writers flushing every %s, %d s measured after %d"
            + " s%n",
        rate,
        gauges,
        writers,
        flushIntervalText,
        seconds,
        warmupSeconds);
    List<Round> done = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Run shipped = run(AS_SHIPPED);
      report(out, "as QuestDB ships it", round, shipped);
      Run embedded = run(EmbeddedQuestDb.IDLE_SETTINGS);
      report(out, "as CityOps runs it", round, embedded);
      Round r = new Round(shipped, embedded);
      done.add(r);
      out.printf(
          Locale.ROOT,
          "round %d: CPU per row as CityOps runs it / as shipped: %.2f%n",
          round,
          r.ratio());
    }
    List<Double> ratios = done.stream().map(Round::ratio).sorted().toList();
    out.printf(
        Locale.ROOT,
        "median of %d rounds: %.2f of the CPU per row%n",
        rounds,
        ratios.get(rounds / 2));
    return done;
  }

  private static void report(PrintStream out, String how, int round, Run run) {
    out.printf(
        Locale.ROOT,
        "round %d, %s: store %.3f cores, %.1f µs a row; %,d of %,d rows in the table, the last"
            + " queryable %d ms after its write%n",
        round,
        how,
        run.storeCores(),
        run.microsPerRow(),
        run.rowsInTable(),
        run.rows(),
        run.visible().toMillis());
  }

  private Run run(Map<String, String> settings) throws Exception {
    long total = (long) rate * (warmupSeconds + seconds);
    SyntheticStorms storms =
        new SyntheticStorms(gauges, total, SyntheticStorms.FIRST_STEP, Duration.ofMinutes(15));
    PointMapper<Reading> mapper = Measurements.readings();
    try (EmbeddedQuestDb store = new EmbeddedQuestDb().withSettings(settings).start()) {
      QuestDbTables.ensure(store.httpUrl());
      StoreEndpoint endpoint =
          new StoreEndpoint(StoreEndpoint.Api.V2, store.httpUrl(), "cityops", "cityops", null);
      List<Writer> pool = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        pool.add(new Writer(LineWriter.open(endpoint), flushInterval, "store-writer-" + i));
      }
      try (ThreadCpu cpu = ThreadCpu.start(ThreadRoles::store, Duration.ofMillis(20))) {
        ThreadCpu.Snapshot measuredFrom = null;
        long measuredRows = 0;
        long startNanos = System.nanoTime();
        long warmupNanos = Duration.ofSeconds(warmupSeconds).toNanos();
        long written = 0;
        Iterator<Reading> readings = storms.iterator();
        while (readings.hasNext()) {
          long elapsed = System.nanoTime() - startNanos;
          if (measuredFrom == null && elapsed >= warmupNanos) {
            measuredFrom = cpu.snapshot();
            measuredRows = written;
          }
          long due = Math.min(total, elapsed / 1_000L * rate / 1_000_000L);
          for (; written < due && readings.hasNext(); written++) {
            Reading r = readings.next();
            String line = mapper.toPoints(r).get(0).toLineProtocol();
            pool.get(Math.floorMod(r.sensorId().hashCode(), writers)).add(line);
          }
          Thread.sleep(2);
        }
        ThreadCpu.Snapshot used = cpu.snapshot().since(measuredFrom);
        measuredRows = written - measuredRows;
        for (Writer w : pool) {
          w.close();
        }
        long lastWrite = System.nanoTime();
        long inTable = rowsInTable(store);
        while (inTable < written && System.nanoTime() - lastWrite < 60_000_000_000L) {
          Thread.sleep(5);
          inTable = rowsInTable(store);
        }
        Duration visible = Duration.ofNanos(System.nanoTime() - lastWrite);
        Duration storeCpu = used.of(ThreadRoles.STORE);
        return new Run(
            written,
            (double) storeCpu.toNanos() / used.wall().toNanos(),
            storeCpu.toNanos() / 1_000.0 / measuredRows,
            inTable,
            visible);
      }
    }
  }

  private static long rowsInTable(EmbeddedQuestDb store) throws Exception {
    JsonNode answer = JSON.readTree(store.exec("SELECT count() FROM " + Measurements.READINGS));
    return answer.path("dataset").path(0).path(0).asLong(-1);
  }

  /**
   * One sink subtask's writer: lines gathered, written every interval by a thread of its own (the
   * sink writes from its task thread on a processing-time timer).
   */
  private static final class Writer implements AutoCloseable {
    private final LineWriter writer;
    private final Thread thread;
    private List<String> lines = new ArrayList<>();
    private volatile boolean closing;
    private volatile Exception failed;

    Writer(LineWriter writer, Duration interval, String name) {
      this.writer = writer;
      this.thread =
          new Thread(
              () -> {
                try {
                  while (!closing) {
                    Thread.sleep(interval.toMillis());
                    flush();
                  }
                } catch (Exception e) {
                  failed = e; // reported by close(); the run's count of rows shows the loss too
                }
              },
              name);
      thread.setDaemon(true);
      thread.start();
    }

    synchronized void add(String line) {
      lines.add(line);
    }

    private void flush() throws Exception {
      List<String> batch;
      synchronized (this) {
        batch = lines;
        lines = new ArrayList<>();
      }
      if (batch.isEmpty()) {
        return;
      }
      writer.write(batch);
    }

    /** Writes what is left and stops; throws if a write failed. */
    @Override
    public void close() throws Exception {
      closing = true;
      thread.join(); // at most one interval, and the write in progress
      try {
        if (failed != null) {
          throw new IllegalStateException("the store refused a write", failed);
        }
        flush();
      } finally {
        writer.close();
      }
    }
  }
}
