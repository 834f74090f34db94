package org.cityops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders for embedded servers and benchmark runs. */
public final class Dirs {
  private Dirs() {}

  /**
   * A fresh temporary folder, deleted with its contents when the JVM exits ({@link
   * java.io.File#deleteOnExit} only deletes empty folders, so a checkpoint folder would stay).
   */
  public static Path tempDeletedAtExit(String prefix) {
    Path dir = temp(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "delete " + dir));
    return dir;
  }

  static Path temp(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: a leftover temp folder is harmless
    }
  }
}
