package org.cityops.ingestion.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;

/**
 * Reports a command's failure as one line a person can act on ({@code cityops-bridge: bridge
 * setting 'clientId' must be ...}), exit code 1; the stack trace only with {@code
 * -Dcityops.trace=true}.
 */
public final class OneLineErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    command.getErr().println(command.getCommandName() + ": " + e.getMessage());
    if (Boolean.getBoolean("cityops.trace")) {
      e.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return 1;
  }
}
