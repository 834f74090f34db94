package org.cityops.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared data ({@code ../shared} beside the repository) for tests and
 * benchmarks. Surefire runs each module in its own folder, so the path is resolved from the reactor
 * root, which the build passes as the system property {@code cityops.root}. A missing folder is an
 * error, never a reason to skip.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String repository = System.getProperty("cityops.root");
    if (repository == null) {
      throw new IllegalStateException(
          "system property cityops.root is not set: run the tests through Maven from the repository");
    }
    Path shared = Path.of(repository).toAbsolutePath().normalize().resolveSibling("shared");
    if (!Files.isDirectory(shared)) {
      throw new IllegalStateException(
          "the shared data folder " + shared + " is missing: it must sit beside the repository");
    }
    return shared;
  }

  /** A file under {@code shared/data}, which must exist. */
  public static Path data(String relative) {
    Path file = root().resolve("data").resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("shared data file " + file + " is missing");
    }
    return file;
  }
}
