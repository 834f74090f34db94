package org.cityops.backtest.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cityops.events.IncidentType;

/**
 * What people said of past incidents, to score a rule set against: events that really happened (a
 * flooded street, a landslide, a gauge's storm confirmed by a field team) and incidents the
 * operators marked as false alarms.
 *
 * <p>A CSV file with the header {@code kind,type,place,time,incident_id} and one line per label:
 *
 * <pre>
 * confirmed,heavy_rain,barrinha,2019-02-06T22:30:00Z,
 * false_alarm,,,,heavy_rain:tanque:1550881800
 * </pre>
 *
 * A confirmed event names its incident type, its place (a gauge or zone, as incidents name them)
 * and when it happened; a false alarm names the incident id an operator marked. Every bad line is
 * refused with its line number; nothing of a refused file is used.
 */
public record Labels(List<Confirmed> confirmed, Set<String> falseAlarms) {
  public static final String HEADER = "kind,type,place,time,incident_id";

  /** An event that really happened. */
  public record Confirmed(IncidentType type, String place, Instant time, int line) {}

  public static Labels read(Path file) {
    List<String> lines;
    try {
      if (Files.size(file) > 10_000_000) {
        throw new IllegalArgumentException(file + ": larger than 10 MB");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  public static Labels parse(String name, List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IllegalArgumentException(name + ":1: the first line must be " + HEADER);
    }
    List<Confirmed> confirmed = new ArrayList<>();
    Set<String> falseAlarms = new HashSet<>();
    for (int n = 2; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 5) {
        throw bad(name, n, "has " + f.length + " fields, not 5");
      }
      switch (f[0].strip()) {
        case "confirmed" -> {
          IncidentType type;
          try {
            type = IncidentType.valueOf(f[1].strip().toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw bad(name, n, "type '" + f[1] + "' is not an incident type");
          }
          if (f[2].isBlank()) {
            throw bad(name, n, "a confirmed event needs its place");
          }
          Instant time;
          try {
            time = Instant.parse(f[3].strip());
          } catch (DateTimeParseException e) {
            throw bad(name, n, "time '" + f[3] + "' is not an ISO instant (2019-02-06T22:30:00Z)");
          }
          confirmed.add(new Confirmed(type, f[2].strip(), time, n));
        }
        case "false_alarm" -> {
          if (f[4].isBlank()) {
            throw bad(name, n, "a false alarm needs the incident_id it marks");
          }
          if (!falseAlarms.add(f[4].strip())) {
            throw bad(name, n, "incident " + f[4].strip() + " is marked twice");
          }
        }
        default -> throw bad(name, n, "kind '" + f[0] + "' is neither confirmed nor false_alarm");
      }
    }
    return new Labels(List.copyOf(confirmed), Set.copyOf(falseAlarms));
  }

  private static IllegalArgumentException bad(String name, int line, String problem) {
    return new IllegalArgumentException(name + ":" + line + ": " + problem);
  }
}
