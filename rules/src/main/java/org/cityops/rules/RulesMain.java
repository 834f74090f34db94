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
      "A rain rule file looks like this (every field is checked against city-rules.schema.json):",
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
          CityRuleSet rules = CityRuleSet.read(file);
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

  /** Sends a rule file's rules to running jobs as new versions, through the console. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a rain rule file and sends each of its rules to the running rain jobs through the"
            + " operators' console (the only writer of city.control, where the jobs read rule"
            + " changes), logged in as an engineer or a supervisor. A job judges each rain sum by"
            + " the highest version of its rule in force at the sum's own time: raise the version"
            + " in the file for a change to take effect, no restart needed. The console records"
            + " the push in its audit log, under your name.",
        "",
        "Sums already judged before a version arrives are not judged again, so the effective time"
            + " is now by default; a later one (--effective-from 2026-12-01T03:00:00Z) schedules"
            + " the change, up to 366 days ahead; the console refuses one more than 24 h back.",
        "",
        "The password comes from --password-file or the CITYOPS_CONSOLE_PASSWORD environment"
            + " variable, never from the command line (it would show in the process list)."
      })
  static final class Push implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the rain rule file")
    Path file;

    @picocli.CommandLine.Option(
        names = "--console",
        defaultValue = "http://127.0.0.1:8080/",
        description = "The operators' console (default: ${DEFAULT-VALUE}, the local stack's)")
    java.net.URI console;

    @picocli.CommandLine.Option(
        names = "--user",
        description = "Your console account, an engineer's or a supervisor's (default: USER)")
    String user;

    @picocli.CommandLine.Option(
        names = "--password-file",
        description = "A file holding the account's password (else CITYOPS_CONSOLE_PASSWORD)")
    Path passwordFile;

    @picocli.CommandLine.Option(
        names = "--effective-from",
        description = "When the new versions take over, as an ISO instant (default: now)")
    java.time.Instant effectiveFrom;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CityRuleSet rules;
      try {
        rules = CityRuleSet.read(file);
      } catch (RuleFileException e) {
        err.println(e.getMessage());
        err.flush();
        return 1;
      }
      String who = user != null ? user : System.getenv().getOrDefault("USER", "");
      String password;
      if (passwordFile != null) {
        password = java.nio.file.Files.readString(passwordFile).strip();
      } else {
        password = System.getenv("CITYOPS_CONSOLE_PASSWORD");
      }
      if (who.isBlank() || password == null || password.isEmpty()) {
        err.println(
            "cityops-rules: push needs a console account: --user and --password-file (or"
                + " CITYOPS_CONSOLE_PASSWORD)");
        err.flush();
        return 2;
      }
      java.time.Instant now = java.time.Instant.now();
      java.time.Instant from = effectiveFrom == null ? now : effectiveFrom;
      List<org.cityops.events.RainRuleChange> changes = RulePush.changes(rules, from, who, now);
      List<String> pushed;
      try {
        pushed = RulePush.send(console, who, password, changes);
      } catch (RulePush.Refused e) {
        err.println("cityops-rules: " + e.getMessage());
        err.flush();
        return 1;
      }
      for (String p : pushed) {
        out.println("pushed " + p);
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
                  // one line, not a stack trace
                  cl.getErr().println("cityops-rules: " + e.getMessage());
                  return 1;
                })
            .execute(args));
  }
}
