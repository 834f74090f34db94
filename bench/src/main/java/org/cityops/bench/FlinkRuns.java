package org.cityops.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.cityops.events.Incident;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;
import org.cityops.jobs.rain.RainIncidentJob;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.sinks.kafka.KafkaIo;

/**
 * The Flink side of the harness, on a local cluster at the job's parallelism, both reading {@code
 * city.readings} to its end from a fresh consumer group, with the job's watermarks and
 * checkpointing:
 *
 * <ul>
 *   <li>the ceiling: read and parse each reading (the job's own source and deserializer) and drop
 *       it;
 *   <li>the rolling sums alone: the same source, the job's split and its first keyed stage (each
 *       gauge's rolling sums), dropping the sums: what the per-gauge work costs before any detector
 *       judges a sum, so the rest of the job's cost can be told from it;
 *   <li>the rain job: the same source into the whole rain detection (rolling sums, heavy rain,
 *       siren levels, gauge health, landslide risk, water, and, unless left out, urban flooding
 *       with the residents' reports input) with its Kafka sinks.
 * </ul>
 *
 * Both count what they read in the same way (an accumulator), so the counts prove that each read
 * everything; the time is the job's own run time on the cluster, without starting the cluster.
 */
public final class FlinkRuns {
  static final String READ = "readings";
  static final String INCIDENTS = "incident versions";

  /**
   * How often the job's threads are read: often enough that a job of a few hundred milliseconds (a
   * small test's read+parse) is seen running; at a quarter second between samples one was once not
   * seen at all (CI, stop 23).
   */
  private static final Duration CPU_SAMPLES = Duration.ofMillis(20);

  /**
   * What one run read, issued and took, the CPU time its threads used ({@link ThreadCpu}, its task
   * and fetcher threads), and the state of its tasks at the last checkpoint that completed while it
   * ran (null: none completed).
   */
  public record Run(
      Rate rate, long incidentVersions, Duration taskCpu, CheckpointSizes.Latest state) {

    /** Microseconds of the job's CPU per record read. */
    public double cpuMicrosPerRecord() {
      return rate.count() == 0 ? 0 : taskCpu.toNanos() / 1e3 / rate.count();
    }
  }

  private FlinkRuns() {}

  public static Run readAndParse(RainJobConfig config, String group, int parallelism)
      throws Exception {
    StreamExecutionEnvironment env = environment(config, parallelism);
    counted(env, config, group, true).sinkTo(new DiscardingSink<>()).name("drop");
    return run(env, "cityops-bench-read-and-parse");
  }

  public static Run rollingSumsAlone(RainJobConfig config, String group, int parallelism)
      throws Exception {
    StreamExecutionEnvironment env = environment(config, parallelism);
    counted(env, config, group, true)
        .process(new org.cityops.jobs.common.SplitParsedFunction())
        .name("split off rejected")
        .filter(r -> r.kind() == org.cityops.events.SensorKind.RAIN_GAUGE)
        .name("rain gauges only")
        .keyBy(org.cityops.events.Reading::sensorId)
        .process(
            new org.cityops.jobs.rain.RollingRainSumFunction(
                config.allowedLateness(), config.readingInterval()))
        .name("rolling rain sums per gauge")
        .sinkTo(new DiscardingSink<>())
        .name("drop");
    return run(env, "cityops-bench-rolling-sums");
  }

  /**
   * @param withReports whether the job also reads residents' reports ({@code city.reports}), as
   *     deployed: then every strong-rain sum also takes the urban-flooding path (its rain regions,
   *     waiting there for reports), even when no report comes (the harness sends none)
   */
  public static Run rainJob(
      RainJobConfig config, String group, int parallelism, boolean withReports) throws Exception {
    return run(
        rainJobEnvironment(config, group, parallelism, true, withReports),
        "cityops-bench-rain-job");
  }

  /** A job started and not waited for, with where to read its checkpoints' sizes. */
  public record Started(JobClient job, CheckpointSizes sizes) {}

  /**
   * Starts the rain job reading {@code city.readings} without end: once it has read everything it
   * waits for more, holding the state of every gauge (to be measured), until cancelled.
   */
  public static Started startUnboundedRainJob(RainJobConfig config, String group, int parallelism)
      throws Exception {
    // without the reports input: urban flooding's state follows the residents' reports, not the
    // gauges, and an unbounded reports topic with nothing in it holds event time back until the
    // source is declared idle (rain.idleness), longer than these runs last
    StreamExecutionEnvironment env = rainJobEnvironment(config, group, parallelism, false, false);
    int restPort = env.getConfiguration().get(RestOptions.PORT);
    JobClient job = env.executeAsync("cityops-bench-rain-job-state");
    return new Started(job, new CheckpointSizes(restPort, job.getJobID().toString()));
  }

  private static StreamExecutionEnvironment rainJobEnvironment(
      RainJobConfig config, String group, int parallelism, boolean bounded, boolean withReports) {
    StreamExecutionEnvironment env = environment(config, parallelism);
    DataStream<ParsedReport> reports =
        withReports
            ? env.fromSource(
                KafkaIo.reportsSource(config.kafka(), group, bounded),
                RainIncidentJob.reportWatermarks(config),
                Topics.REPORTS)
            : null;
    RainIncidentJob.Outputs out =
        RainIncidentJob.wire(counted(env, config, group, bounded), reports, config);
    out.incidents()
        .map(new Count<Incident>(INCIDENTS))
        .returns(Incident.class)
        .name("count incidents")
        .sinkTo(KafkaIo.<Incident>jsonSink(config.kafka(), Topics.DETECTIONS, Incident::incidentId))
        .name(Topics.DETECTIONS);
    out.rejected()
        .sinkTo(KafkaIo.<Rejected>jsonSink(config.kafka(), Topics.REJECTED, Rejected::source))
        .name(Topics.REJECTED);
    return env;
  }

  private static StreamExecutionEnvironment environment(RainJobConfig config, int parallelism) {
    Configuration flink = BenchSetup.flink();
    flink.set(RestOptions.PORT, freePort()); // read by CheckpointSizes while the job runs
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setParallelism(parallelism);
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    return env;
  }

  private static DataStream<ParsedReading> counted(
      StreamExecutionEnvironment env, RainJobConfig config, String group, boolean bounded) {
    return env.fromSource(
            KafkaIo.readingsSource(config.kafka(), group, bounded),
            RainIncidentJob.watermarks(config),
            Topics.READINGS)
        .map(new Count<ParsedReading>(READ))
        .returns(ParsedReading.class)
        .name("count readings");
  }

  private static Run run(StreamExecutionEnvironment env, String name) throws Exception {
    int restPort = env.getConfiguration().get(RestOptions.PORT);
    JobExecutionResult result;
    CheckpointSizes.Latest state = null;
    ThreadCpu cpu = ThreadCpu.start(ThreadRoles::jobTasks, CPU_SAMPLES);
    try (cpu) {
      JobClient job = env.executeAsync(name);
      CheckpointSizes sizes = new CheckpointSizes(restPort, job.getJobID().toString());
      CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
      while (!done.isDone()) {
        CheckpointSizes.Latest latest = sizes.poll();
        if (latest != null) {
          state = latest;
        }
        try {
          done.get(250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // poll again
        }
      }
      result = done.get();
    }
    Duration taskCpu = cpu.snapshot().of(ThreadRoles.JOBS); // closing took the last sample
    Long read = result.getAccumulatorResult(READ);
    Long incidents = result.getAccumulatorResult(INCIDENTS);
    return new Run(
        new Rate(
            read == null ? 0 : read,
            Duration.ofMillis(Math.max(1, result.getNetRuntime(TimeUnit.MILLISECONDS)))),
        incidents == null ? 0 : incidents,
        taskCpu,
        state);
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Passes everything on and counts it in an accumulator of the job's result. */
  static final class Count<T> extends RichMapFunction<T, T> {
    private final String name;
    private transient LongCounter counter;

    Count(String name) {
      this.name = name;
    }

    @Override
    public void open(OpenContext context) {
      counter = new LongCounter();
      getRuntimeContext().addAccumulator(name, counter);
    }

    @Override
    public T map(T value) {
      counter.add(1);
      return value;
    }
  }
}
