package org.cityops.jobs.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cityops.rules.CityRuleSet;
import org.cityops.rules.RuleFileException;

/**
 * The city's rules file as a job's setting ({@code rain.rules-file}, {@code traffic.rules-file}):
 * read and checked once at start, a refusal naming the file, line and field. A threshold the file
 * sets may not also be given as a single setting: two sources for one threshold would leave the
 * reader guessing which won.
 */
public final class RulesFile {
  private RulesFile() {}

  /** The file named by setting {@code key}, read and checked; empty when the setting is absent. */
  public static Optional<CityRuleSet> read(Settings s, String key) {
    String file = s.optionalText(key);
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CityRuleSet.read(Path.of(file)));
    } catch (RuleFileException e) {
      throw new ConfigException(e.getMessage()); // it names the file, line and field
    }
  }

  /** Refuses any of {@code keys} given beside the rules file of setting {@code key}. */
  public static void refuseGivenToo(Settings s, String key, List<String> keys) {
    for (String replaced : keys) {
      if (s.optionalText(replaced) != null) {
        throw new ConfigException(
            replaced,
            "is set by the rules file " + s.optionalText(key) + " (" + key + "); give one of them");
      }
    }
  }
}
