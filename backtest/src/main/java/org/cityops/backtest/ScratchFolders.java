package org.cityops.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temporary folders of a backtest or an evaluation run, deleted with their files when it ends. */
public final class ScratchFolders {
  private ScratchFolders() {}

  /** Deletes {@code dir} and everything in it, deepest first. */
  public static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
