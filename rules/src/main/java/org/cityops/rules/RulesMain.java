package org.cityops.rules;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cityops-rules}: the engineers' tool for the detection rules. */
@Command(
    name = "cityops-rules",
    mixinStandardHelpOptions = true,
    description = {
      "Works with CityOps' detection rules: YAML files that set the detectors' thresholds, each"
          + " rule with an id and a version.",
      "",
      "A rain rule file looks like this (every field is checked against rain-rules.schema.json):",
      "",
      "  rules:",
      "    - id: heavy-rain",
      "      version: 3            # raise it with every change",
      "      detector: heavy_rain",
      "      moderate-mm: 5        # hourly sums, Alerta Rio's classes",
      "      strong-mm: 25.1",
      "      very-strong-mm: 50",
      "    - id: siren-level",
      "      version: 1",
      "      detector: siren_level",
      "      hour-mm: 40           # sirens at 40 mm in 1 h ...",
      "      day-mm: 125           # ... or 125 mm in 24 h",
      "  holds: {downgrade: 30m, clear: 60m}",
      "",
      "The rain job reads one at start with --rain.rules-file; push sends new versions to a running"
          + " job."
    },
    subcommands = {RulesMain.Validate.class, RulesMain.Push.class})
public final class RulesMain implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Checks rule files without running anything. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Checks rain rule files: YAML, the schema, and what a schema cannot say (classes rise, one"
            + " rule per detector, unique ids). Each problem is printed as file:line: field:"
            + " problem. Exits 0 when all are valid, 1 when one is not."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "rule files to check")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int invalid = 0;
      for (Path file : files) {
        try {
          RainRuleSet rules = RainRuleSet.read(file);
          out.println(file + ": valid: " + rules.describe());
        } catch (RuleFileException e) {
          err.println(e.getMessage());
          invalid++;
        }
      }
      out.flush();
      err.flush();
      return invalid == 0 ? 0 : 1;
    }
  }

  /** Sends a rule file's rules to running jobs as new versions. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a rain rule file and sends each of its rules to the running rain jobs"
            + " (topic city.rules, keyed by rule id). A job judges each rain sum by the highest"
            + " version of its rule in force at the sum's own time: raise the version in the file"
            + " for a change to take effect, no restart needed.",
        "",
        "Sums already judged before a version arrives are not judged again, so the effective time"
            + " is now by default; a later one (--effective-from 2026-12-01T03:00:00Z) schedules"
            + " the change."
      })
  static final class Push implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the rain rule file")
    Path file;

    @picocli.CommandLine.Option(
        names = "--kafka",
        defaultValue = "127.0.0.1:9092",
        description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String kafka;

    @picocli.CommandLine.Option(
        names = "--effective-from",
        description = "When the new versions take over, as an ISO instant (default: now)")
    java.time.Instant effectiveFrom;

    @picocli.CommandLine.Option(
        names = "--by",
        description = "Who pushes, for the record (default: the USER environment variable)")
    String by;

    @picocli.CommandLine.Option(
        names = "--kafka-property",
        description = "Extra Kafka producer setting, key=value (repeatable; TLS, SASL)")
    java.util.Map<String, String> kafkaProperties = new java.util.HashMap<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      RainRuleSet rules;
      try {
        rules = RainRuleSet.read(file);
      } catch (RuleFileException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
      java.time.Instant now = java.time.Instant.now();
      java.time.Instant from = effectiveFrom == null ? now : effectiveFrom;
      String who = by != null ? by : System.getenv().getOrDefault("USER", "engineer");
      List<org.cityops.events.RainRuleChange> changes = RulePush.changes(rules, from, who, now);
      RulePush.send(kafka, kafkaProperties, changes);
      for (org.cityops.events.RainRuleChange c : changes) {
        out.printf(
            "pushed %s v%d (%s), in force from %s%n",
            c.ruleId(), c.version(), c.detector().name().toLowerCase(java.util.Locale.ROOT), from);
      }
      if (from.isBefore(now.minusSeconds(60))) {
        out.println(
            "note: sums judged before the push are not judged again; to see what these rules"
                + " would have done earlier, backtest them");
      }
      out.flush();
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new RulesMain())
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  // one line, not a stack trace: an unreachable Kafka is the usual cause
                  cl.getErr().println("cityops-rules: " + e.getMessage());
                  return 1;
                })
            .execute(args));
  }
}
