package org.cityops.embedded;

import java.util.concurrent.TimeUnit;

/** How the servers this module runs as child processes are ended. */
final class ChildProcesses {
  private ChildProcesses() {}

  /**
   * Asks {@code process} to end (SIGTERM), then kills it if it has not within 10 s; or, with {@code
   * abruptly}, kills it at once, as a crash would. Null is nothing to end.
   */
  static void end(Process process, boolean abruptly) {
    if (process == null) {
      return;
    }
    if (abruptly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
