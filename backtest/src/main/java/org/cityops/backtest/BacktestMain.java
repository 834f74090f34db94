package org.cityops.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cityops.backtest.rules.GaugePicture;
import org.cityops.backtest.rules.LabelledScore;
import org.cityops.backtest.rules.Labels;
import org.cityops.backtest.rules.RuleSetDiff;
import org.cityops.events.CityStage;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.ingestion.validate.ReadingValidator;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.StageRules;
import org.cityops.jobs.landslide.ZoneRisk;
import org.cityops.jobs.rain.RainJobConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line for backtests over Alerta Rio archive exports. */
@Command(
    name = "cityops-backtest",
    mixinStandardHelpOptions = true,
    description =
        "Runs the rain job (the same code as in production) over an Alerta Rio archive export in"
            + " event time, as fast as the machine allows, and writes the incidents as NDJSON and a"
            + " summary per station: largest 1 h and 24 h sums, incidents raised, first alert.",
    sortOptions = false)
public final class BacktestMain implements Callable<Integer> {
  @Option(
      names = "--archive",
      required = true,
      description = "Folder of <station>_<yyyymm>_Plv.csv exports")
  Path archive;

  @Option(
      names = "--gauges",
      required = true,
      description = "rain-gauges.json with the gauges' positions")
  Path gauges;

  @Option(
      names = "--zones",
      description =
          "Rain zones GeoJSON (e.g. rain-zones.geojson): landslide risk per zone; without it each"
              + " gauge is its own zone")
  Path zones;

  @Option(
      names = "--out",
      defaultValue = "backtest-out",
      description =
          "Where to write detections.ndjson, incidents.ndjson, landslide-levels.ndjson,"
              + " city-stage.ndjson and summary.csv (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--rules",
      description =
          "A rain rules file (YAML, see ./cityops-rules --help) to run with instead of the"
              + " thresholds' settings")
  Path rules;

  @Option(
      names = "--compare-rules",
      description =
          "A second rules file: run the same readings under it too and report what it would have"
              + " done differently (rules-diff.txt): incidents only under one, and those that open,"
              + " end or peak otherwise")
  Path compareRules;

  @Option(
      names = "--labels",
      description =
          "What people said happened (CSV: kind,type,place,time,incident_id; confirmed events and"
              + " false-alarm marks): prints precision, recall and lead time of the run (and of"
              + " --compare-rules), also to labels-report.txt")
  Path labels;

  @Option(
      names = "--label-window",
      defaultValue = "PT30M",
      description =
          "How far from a confirmed event an incident may be and still have found it (default:"
              + " ${DEFAULT-VALUE})")
  Duration labelWindow;

  @Option(
      names = "--pictures",
      description =
          "Also draw each gauge that raised heavy rain or sirens: its 1 h sum over time against the"
              + " thresholds, its incidents shaded (pictures/<gauge>.svg and pictures/index.html)")
  boolean pictures;

  @Option(names = "--set", description = "A job setting, e.g. --set rain.strong-mm=30 (repeatable)")
  Map<String, String> settings = new HashMap<>();

  @Option(
      names = "--baseline",
      description =
          "Also time a run that only reads and discards the readings (the ceiling), and print the ratio")
  boolean baseline;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    if (zones != null) {
      settings.put("rain.zones-file", zones.toString());
    }
    if (rules != null) {
      settings.put("rain.rules-file", rules.toString());
    }
    Settings all = new Settings(settings);
    StageRules stageRules = StageRules.from(all); // stage.* settings, read before the job's check
    RainJobConfig config = RainJobConfig.from(all);
    Labels given = labels == null ? null : Labels.read(labels); // a bad file: said before any run
    long loadStart = System.nanoTime();
    List<String> unknownStations = new java.util.ArrayList<>();
    List<Reading> recorded =
        AlertaRioReadings.readFolder(archive, AlertaRioStations.load(gauges), unknownStations);
    unknownStations.forEach(f -> System.out.println("Refused, unknown station: " + f));

    // The same plausibility checks as the bridge; a recording has no receive clock, so each
    // reading is judged at its own time.
    ReadingValidator validator = new ReadingValidator(ReadingLimits.defaults());
    List<Reading> readings = new java.util.ArrayList<>(recorded.size());
    Map<String, Integer> refused = new java.util.TreeMap<>();
    for (Reading r : recorded) {
      try {
        validator.check(r, r.time());
        readings.add(r);
      } catch (ParseException e) {
        refused.merge(e.reason() + ": " + e.getMessage(), 1, Integer::sum);
      }
    }
    System.out.printf(
        "Read %d readings of %d gauges from %s in %d ms; refused as implausible: %s%n",
        recorded.size(),
        readings.stream().map(Reading::sensorId).distinct().count(),
        archive,
        (System.nanoTime() - loadStart) / 1_000_000,
        refused.isEmpty() ? "none" : refused);
    Duration ceiling = baseline ? Backtest.baseline(readings, parallelism) : null;
    Backtest.Result result =
        Backtest.run(
            readings,
            config,
            stageRules,
            parallelism,
            pictures,
            (n, t) -> System.out.printf("  %,d readings replayed, event time %s%n", n, t),
            10_000);
    Files.createDirectories(out);
    if (pictures) {
      drawPictures(result, config);
    }
    Path detections = out.resolve("detections.ndjson");
    writeNdjson(detections, result.detections());
    Path incidents = out.resolve("incidents.ndjson");
    writeNdjson(incidents, result.incidents());
    Path levels = out.resolve("landslide-levels.ndjson");
    try (var w = Files.newBufferedWriter(levels)) {
      for (ZoneRisk z : result.zoneRisks()) {
        w.write(EventJson.writeString(z));
        w.newLine();
      }
    }
    Path stages = out.resolve("city-stage.ndjson");
    try (var w = Files.newBufferedWriter(stages)) {
      for (CityStage c : result.stages()) {
        w.write(EventJson.writeString(c));
        w.newLine();
      }
    }
    result.stages().stream()
        .max(java.util.Comparator.comparingInt(CityStage::stage))
        .ifPresent(
            top ->
                System.out.printf(
                    "City stage: %d changes; highest %d (%s) from %s: %s%n",
                    result.stages().size(), top.stage(), top.name(), top.since(), top.reason()));
    System.out.println("Incidents per rule: " + RuleSetDiff.perRule(result.detections()));
    StringBuilder labelReport = new StringBuilder();
    if (given != null) {
      String score =
          LabelledScore.of(RuleSetDiff.summaries(result.detections()), given, labelWindow).report();
      labelReport.append("Against ").append(labels).append(":\n").append(score);
      System.out.print(labelReport);
    }
    if (compareRules != null) {
      Map<String, String> other = new HashMap<>(settings);
      other.put("rain.rules-file", compareRules.toString());
      System.out.println("Running the same readings under " + compareRules + " ...");
      Backtest.Result second =
          Backtest.run(
              readings,
              RainJobConfig.from(new Settings(other)),
              stageRules,
              parallelism,
              false,
              (n, t) -> System.out.printf("  %,d readings replayed, event time %s%n", n, t),
              10_000);
      System.out.println(
          "Incidents per rule under "
              + compareRules
              + ": "
              + RuleSetDiff.perRule(second.detections()));
      if (given != null) {
        String score =
            LabelledScore.of(RuleSetDiff.summaries(second.detections()), given, labelWindow)
                .report();
        String under = "Under " + compareRules + ", against " + labels + ":\n" + score;
        labelReport.append(under);
        System.out.print(under);
      }
      String report =
          RuleSetDiff.compare(result.detections(), second.detections())
              .report(rules != null ? rules.toString() : "the settings", compareRules.toString());
      Files.createDirectories(out);
      Files.writeString(out.resolve("rules-diff.txt"), report);
      System.out.print(report);
    }
    if (given != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("labels-report.txt"), labelReport.toString());
    }
    Path summary = out.resolve("summary.csv");
    Files.writeString(summary, StationSummary.csv(StationSummary.of(result)));
    System.out.print(StationSummary.table(StationSummary.of(result)));
    double seconds = result.elapsed().toMillis() / 1000.0;
    System.out.printf(
        "Backtest: %d readings in %.1f s (%.0f readings/s), %d detection versions fused into %d"
            + " incidents (%d versions), %d rejected; wrote %s, %s, %s, %s and %s%n",
        readings.size(),
        seconds,
        readings.size() / seconds,
        result.detections().size(),
        result.incidents().stream().map(Incident::incidentId).distinct().count(),
        result.incidents().size(),
        result.rejected().size(),
        detections,
        incidents,
        levels,
        stages,
        summary);
    if (ceiling != null) {
      System.out.printf(
          "Baseline (read and discard, same cluster and parallelism): %.1f s (%.0f readings/s); "
              + "the backtest runs at %.2f of that rate%n",
          ceiling.toMillis() / 1000.0,
          readings.size() / (ceiling.toMillis() / 1000.0),
          ceiling.toMillis() / (double) result.elapsed().toMillis());
    }
    return 0;
  }

  /** One SVG per gauge that raised heavy rain or sirens, and an index page linking them. */
  private void drawPictures(Backtest.Result result, RainJobConfig config)
      throws java.io.IOException {
    Path folder = out.resolve("pictures");
    Files.createDirectories(folder);
    List<RuleSetDiff.Summary> summaries = RuleSetDiff.summaries(result.detections());
    java.util.SortedMap<String, Long> gauges = new java.util.TreeMap<>();
    for (RuleSetDiff.Summary i : summaries) {
      if (i.type() == org.cityops.events.IncidentType.HEAVY_RAIN
          || i.type() == org.cityops.events.IncidentType.SIREN_LEVEL) {
        gauges.merge(i.place(), 1L, Long::sum);
      }
    }
    StringBuilder index =
        new StringBuilder(
            "<!doctype html><meta charset=\"utf-8\"><title>Backtest: rain and incidents per"
                + " gauge</title><h1>Rain and incidents per gauge</h1>\n");
    for (var g : gauges.entrySet()) {
      String file = g.getKey().replaceAll("[^A-Za-z0-9_.-]", "_") + ".svg";
      Files.writeString(
          folder.resolve(file),
          GaugePicture.svg(g.getKey(), result.sums(), summaries, config.thresholds()));
      index
          .append("<h2>")
          .append(g.getKey())
          .append(" (")
          .append(g.getValue())
          .append(" incidents)</h2><img src=\"")
          .append(file)
          .append("\" alt=\"1 h rain at ")
          .append(g.getKey())
          .append("\">\n");
    }
    Files.writeString(folder.resolve("index.html"), index.toString());
    System.out.printf("Drew %d gauges in %s%n", gauges.size(), folder.resolve("index.html"));
  }

  private static void writeNdjson(Path file, java.util.List<?> records) throws java.io.IOException {
    try (var w = Files.newBufferedWriter(file)) {
      for (Object r : records) {
        w.write(EventJson.writeString(r));
        w.newLine();
      }
    }
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BacktestMain())
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  if (!(e instanceof IllegalArgumentException)) {
                    throw e; // a bug: the whole trace
                  }
                  // a bad setting, rules or labels file: one line naming it
                  cl.getErr().println("cityops-backtest: " + e.getMessage());
                  return 1;
                })
            .execute(args));
  }
}
