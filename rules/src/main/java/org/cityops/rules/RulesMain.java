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
      "The rain job reads one with --rain.rules-file."
    },
    subcommands = {RulesMain.Validate.class})
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

  public static void main(String[] args) {
    System.exit(new CommandLine(new RulesMain()).execute(args));
  }
}
