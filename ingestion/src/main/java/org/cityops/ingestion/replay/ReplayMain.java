package org.cityops.ingestion.replay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cityops.events.Reading;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.ingestion.validate.ReadingValidator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line that replays recorded Alerta Rio rain into MQTT or Kafka. */
@Command(
    name = "cityops-replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays recorded rain (an Alerta Rio archive export, or saved snapshots of its live feed)"
          + " into a running CityOps: to MQTT as the gauges would publish it (the bridge then"
          + " judges every reading), or straight to Kafka's city.readings (readings the bridge"
          + " would refuse go to city.rejected with their reason).",
      "",
      "Times: by default the recorded times are kept, which suits a freshly started job. A job"
          + " that has already seen present-day readings treats 2019 as late; shift the recording"
          + " with --end-at now (as fast as possible, ending now) or --start-at now --speed 1"
          + " (live, from now on).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  cityops-replay --archive ../shared/data/alertario/2019-02 \\",
      "      --gauges ../shared/data/rio/rain-gauges.json --end-at now",
      "  cityops-replay --feed snapshots/*.json --gauges rain-gauges.json --to kafka \\",
      "      --kafka broker:9092 --start-at now --speed 60"
    })
public final class ReplayMain implements Callable<Integer> {
  static final class Input {
    @Option(
        names = "--archive",
        required = true,
        description = "Folder of Alerta Rio <station>_<yyyymm>_Plv.csv exports")
    Path archive;

    @Option(
        names = "--feed",
        required = true,
        arity = "1..*",
        description = "Saved live-feed snapshots (JSON, one file per poll)")
    List<Path> feed;
  }

  @ArgGroup(multiplicity = "1")
  Input input;

  @Option(
      names = "--gauges",
      required = true,
      description = "rain-gauges.json with the gauges' positions")
  Path gauges;

  /** Where readings go. */
  enum Target {
    MQTT,
    KAFKA
  }

  @Option(
      names = "--to",
      defaultValue = "MQTT",
      description = "mqtt or kafka (default: ${DEFAULT-VALUE})")
  Target target;

  @picocli.CommandLine.Mixin org.cityops.ingestion.cli.BrokerOptions brokers;

  @Option(
      names = "--readings-topic",
      defaultValue = org.cityops.events.Topics.READINGS,
      description = "With --to kafka: the readings topic (default: ${DEFAULT-VALUE})")
  String readingsTopic;

  @Option(
      names = "--rejected-topic",
      defaultValue = org.cityops.events.Topics.REJECTED,
      description = "With --to kafka: where refused readings go (default: ${DEFAULT-VALUE})")
  String rejectedTopic;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "Recorded seconds per wall second, e.g. 1 = as it happened, 60 = an hour a minute;"
              + " 0 = as fast as the broker takes them (default: ${DEFAULT-VALUE})")
  double speed;

  static final class Shift {
    @Option(
        names = "--start-at",
        description = "Move the recording so its first reading is at this time (ISO-8601 or now)")
    String startAt;

    @Option(
        names = "--end-at",
        description = "Move the recording so its last reading is at this time (ISO-8601 or now)")
    String endAt;
  }

  @ArgGroup(multiplicity = "0..1")
  Shift shift;

  @Option(
      names = "--progress-every",
      defaultValue = "10000",
      description = "Print progress after this many readings (default: ${DEFAULT-VALUE})")
  int progressEvery;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Instant anchor = anchor(); // a bad time is reported before a month is read
    requireReadable();
    AlertaRioStations stations = AlertaRioStations.load(gauges);
    List<String> problems = new ArrayList<>();
    List<Reading> readings =
        input.archive != null
            ? AlertaRioReadings.readFolder(input.archive, stations, problems)
            : AlertaRioReadings.readFeedSnapshots(input.feed, stations, problems);
    problems.forEach(p -> System.out.println("Refused: " + p));
    Duration offset =
        anchor == null
            ? Duration.ZERO
            : shift.startAt != null
                ? ReadingReplay.shiftToStartAt(readings, anchor)
                : ReadingReplay.shiftToEndAt(readings, anchor);
    System.out.printf(
        "Replaying %,d readings of %d gauges to %s%s%n",
        readings.size(),
        readings.stream().map(Reading::sensorId).distinct().count(),
        target == Target.MQTT ? brokers.mqtt : brokers.kafka + " (" + readingsTopic + ")",
        offset.isZero() ? "" : ", times shifted by " + describe(offset));
    ReadingReplay.Summary summary;
    java.util.Map<org.cityops.events.RejectReason, Long> refused;
    try (ReadingSink sink = sink()) {
      summary =
          new ReadingReplay()
              .run(
                  readings,
                  sink,
                  new ReadingReplay.Options(speed, offset, progressEvery),
                  (sent, total, time) ->
                      System.out.printf(
                          "  %,d of %,d sent (%.0f%%), event time %s%n",
                          sent, total, total == 0 ? 100.0 : 100.0 * sent / total, time));
      refused = sink.refused();
    }
    System.out.printf(
        "Done: %,d readings from %s to %s in %.1f s%s%n",
        summary.sent(),
        summary.firstEventTime(),
        summary.lastEventTime(),
        summary.elapsed().toMillis() / 1000.0,
        target == Target.MQTT
            ? " (the bridge judges them)"
            : "; refused before Kafka: " + (refused.isEmpty() ? "none" : refused));
    return 0;
  }

  /** {@code +2497 d 13 h 15 min}, readable where {@code PT59949H15M} is not. */
  static String describe(Duration offset) {
    Duration abs = offset.abs();
    return (offset.isNegative() ? "-" : "+")
        + abs.toDays()
        + " d "
        + abs.toHoursPart()
        + " h "
        + abs.toMinutesPart()
        + " min";
  }

  /** The instant given to --start-at or --end-at, or null when the times are kept. */
  private Instant anchor() {
    if (shift == null) {
      return null;
    }
    return shift.startAt != null
        ? instant(shift.startAt, "--start-at")
        : instant(shift.endAt, "--end-at");
  }

  private void requireReadable() {
    List<Path> inputs = new ArrayList<>(List.of(gauges));
    if (input.archive != null) {
      if (!java.nio.file.Files.isDirectory(input.archive)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--archive " + input.archive + " is not a folder");
      }
    } else {
      inputs.addAll(input.feed);
    }
    for (Path p : inputs) {
      if (!java.nio.file.Files.isReadable(p)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), p + " does not exist or cannot be read");
      }
    }
  }

  private Instant instant(String text, String option) {
    if ("now".equalsIgnoreCase(text)) {
      return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option
              + " takes 'now' or an ISO-8601 instant such as 2019-02-06T21:00:00Z, not '"
              + text
              + "'");
    }
  }

  private ReadingSink sink() throws Exception {
    return target == Target.MQTT
        ? new MqttReadingSink(brokers.mqtt, "cityops-replay", brokers.mqttAccess())
        : new KafkaReadingSink(
            brokers.kafka,
            brokers.kafkaProperties,
            readingsTopic,
            rejectedTopic,
            new ReadingValidator(ReadingLimits.defaults()),
            clock);
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new ReplayMain())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(new org.cityops.ingestion.cli.OneLineErrors())
            .execute(args));
  }
}
