package org.cityops.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command line of the benchmark harness: {@code ./cityops-bench --help}. */
@Command(
    name = "cityops-bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      CeilingsCommand.class,
      StateSizeCommand.class,
      PipelineCommand.class,
      StoreCommand.class,
      MicroCommand.class
    },
    description = {
      "Benchmarks that print figures beside a ceiling measured in the same run (these machines are"
          + " noisy: compare ratios, not seconds, across machines). Record the command and the"
          + " figures in BENCHMARKS.md.",
      ""
    })
public final class BenchMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BenchMain())
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  if (!(e instanceof IllegalArgumentException)) {
                    throw e; // a bug: the whole trace
                  }
                  cl.getErr().println("cityops-bench: " + e.getMessage());
                  return 1;
                })
            .execute(args));
  }
}
