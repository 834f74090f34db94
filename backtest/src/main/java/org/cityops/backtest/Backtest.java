package org.cityops.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.CityStage;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;
import org.cityops.jobs.alerts.AlertsJob;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.LifecycleConfig;
import org.cityops.jobs.incidents.StageRules;
import org.cityops.jobs.landslide.ZoneRisk;
import org.cityops.jobs.rain.RainIncidentJob;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobStores;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.Measurements;

/**
 * Runs the rain job's own wiring ({@link RainIncidentJob#wire}, not a copy) over recorded readings
 * in event time, as fast as the machine allows, on a local Flink cluster. Readings enter in the
 * order given through one source subtask, so their event times must be in order or within the job's
 * out-of-orderness bound. With {@code influx.*} settings the time series also go to that store, as
 * in production.
 */
public final class Backtest {
  private Backtest() {}

  /**
   * What the jobs produced: the detectors' own incidents, the incidents the lifecycle made of them
   * (as operators see them, with nobody acting), landslide levels, rejections and the city's stage.
   * {@code sums} is empty unless asked for (it holds every window end).
   */
  public record Result(
      List<Incident> detections,
      List<Incident> incidents,
      List<ZoneRisk> zoneRisks,
      List<RainSums> sums,
      List<Rejected> rejected,
      List<CityStage> stages,
      Duration elapsed) {}

  /** Called from the source's subtask every {@code every} readings. */
  public interface Progress extends java.io.Serializable {
    void readingsDone(long count, java.time.Instant eventTime);
  }

  public static Result run(
      List<Reading> readings,
      RainJobConfig config,
      int parallelism,
      boolean keepSums,
      Progress progress,
      long progressEvery)
      throws Exception {
    return run(
        readings,
        config,
        StageRules.from(new Settings(java.util.Map.of())),
        parallelism,
        keepSums,
        progress,
        progressEvery);
  }

  /** The same, with the city's stage judged by {@code stageRules}. */
  public static Result run(
      List<Reading> readings,
      RainJobConfig config,
      StageRules stageRules,
      int parallelism,
      boolean keepSums,
      Progress progress,
      long progressEvery)
      throws Exception {
    Configuration flink = new Configuration();
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.PipelineDefaults.applyTo(flink);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setParallelism(parallelism);
    DataStream<ParsedReading> parsed =
        env.fromData(readings)
            .setParallelism(1)
            .map(new CountingParse(progress, progressEvery))
            .setParallelism(1)
            .name("count readings")
            .assignTimestampsAndWatermarks(RainIncidentJob.watermarks(config))
            .setParallelism(1)
            .name("event-time watermarks");
    RainIncidentJob.Outputs out = RainIncidentJob.wire(parsed, null, config);
    DataStream<Incident> incidents =
        AlertsJob.incidents(
            out.incidents(), null, LifecycleConfig.from(new Settings(java.util.Map.of())));
    DataStream<CityStage> stages = AlertsJob.stage(incidents, stageRules);
    if (config.influx() != null) {
      // the same measurements as the live jobs, so a past storm can be looked at in Grafana
      RainJobStores.attach(out, config.influx());
      incidents
          .sinkTo(new InfluxSink<>(config.influx(), Measurements.incidents()))
          .name("store incidents");
      stages
          .sinkTo(new InfluxSink<>(config.influx(), Measurements.cityStage()))
          .name("store stage");
    }
    Path outputs = Files.createTempDirectory("cityops-backtest-");
    try {
      out.incidents().sinkTo(new NdjsonFileSink<>(outputs, "detections")).name("detections file");
      incidents.sinkTo(new NdjsonFileSink<>(outputs, "incidents")).name("incidents file");
      out.rejected().sinkTo(new NdjsonFileSink<>(outputs, "rejected")).name("rejected file");
      stages.sinkTo(new NdjsonFileSink<>(outputs, "stages")).name("stages file");
      out.zoneRisks()
          .sinkTo(new NdjsonFileSink<>(outputs, "landslide-levels"))
          .name("landslide levels file");
      if (keepSums) {
        out.rainSums().sinkTo(new NdjsonFileSink<>(outputs, "sums")).name("sums file");
      }
      long start = System.nanoTime();
      env.execute("cityops-backtest");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Comparator<Incident> inTime =
          Comparator.comparing(Incident::updatedAt)
              .thenComparing(Incident::incidentId)
              .thenComparing(Incident::version);
      List<Incident> detections = NdjsonFileSink.read(outputs, "detections", Incident.class);
      detections.sort(inTime);
      List<Incident> managed = NdjsonFileSink.read(outputs, "incidents", Incident.class);
      managed.sort(inTime);
      List<ZoneRisk> zoneRisks = NdjsonFileSink.read(outputs, "landslide-levels", ZoneRisk.class);
      zoneRisks.sort(Comparator.comparing(ZoneRisk::at).thenComparing(ZoneRisk::zoneId));
      return new Result(
          detections,
          managed,
          zoneRisks,
          keepSums ? NdjsonFileSink.read(outputs, "sums", RainSums.class) : List.of(),
          NdjsonFileSink.read(outputs, "rejected", Rejected.class),
          NdjsonFileSink.read(outputs, "stages", CityStage.class).stream()
              .sorted(Comparator.comparing(CityStage::since))
              .toList(),
          elapsed);
    } finally {
      ScratchFolders.delete(outputs);
    }
  }

  /**
   * The ceiling for a backtest on this machine: the same readings through the same source,
   * parallelism and local cluster, into a sink that discards them, with no detection at all.
   */
  public static Duration baseline(List<Reading> readings, int parallelism) throws Exception {
    Configuration flink = new Configuration();
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.PipelineDefaults.applyTo(flink);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setParallelism(parallelism);
    env.fromData(readings)
        .setParallelism(1)
        .map(new CountingParse((n, t) -> {}, Long.MAX_VALUE))
        .setParallelism(1)
        .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
    long start = System.nanoTime();
    env.execute("cityops-backtest-baseline");
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Wraps each reading for the job and reports progress; runs in the single source subtask. */
  static final class CountingParse implements MapFunction<Reading, ParsedReading> {
    private final Progress progress;
    private final long every;
    private long count;

    CountingParse(Progress progress, long every) {
      this.progress = progress;
      this.every = every;
    }

    @Override
    public ParsedReading map(Reading reading) {
      if (++count % every == 0) {
        progress.readingsDone(count, reading.time());
      }
      return new ParsedReading(reading, null);
    }
  }
}
