package org.cityops.ingestion.alertario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;

/**
 * Turns archive rows into CityOps readings: one rain-gauge reading per row, in UTC, the sensor id
 * being the archive's station key; a missing 15-minute value becomes a reading with quality {@code
 * missing}, never a zero. For replay into MQTT or Kafka, and for backtests.
 */
public final class AlertaRioReadings {
  private AlertaRioReadings() {}

  public static Reading toReading(AlertaRioRow row, GeoPoint location) {
    return row.mm15() == null
        ? Reading.missingRain(row.station(), row.time(), location)
        : Reading.rain(row.station(), row.time(), location, row.mm15());
  }

  /**
   * Every reading of every export in {@code folder}, in event-time order; fails naming the files of
   * stations that are not in {@code rain-gauges.json}.
   */
  public static List<Reading> readFolder(Path folder, AlertaRioStations stations)
      throws IOException {
    List<String> refused = new ArrayList<>();
    List<Reading> readings = readFolder(folder, stations, refused);
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("unknown stations in " + folder + ": " + refused);
    }
    return readings;
  }

  /**
   * The same, leaving out the files of unknown stations (a gauge with no position cannot be placed
   * in a zone), each named with the reason in {@code refused}.
   */
  public static List<Reading> readFolder(
      Path folder, AlertaRioStations stations, List<String> refused) throws IOException {
    List<Reading> readings = new ArrayList<>();
    for (Path file : AlertaRioArchive.files(folder)) {
      GeoPoint where;
      try {
        where = stations.forKey(AlertaRioArchive.stationOf(file)).location();
      } catch (IllegalArgumentException unknown) {
        refused.add(file.getFileName() + ": " + unknown.getMessage());
        continue;
      }

      for (AlertaRioRow row : AlertaRioArchive.read(file)) {
        readings.add(toReading(row, where));
      }
    }
    readings.sort(Comparator.comparing(Reading::time).thenComparing(Reading::sensorId));
    return readings;
  }

  /**
   * Every reading in a series of live-feed snapshots (one JSON file per poll), in event-time order.
   * A station polled twice within one 15-minute slot appears twice with the same value; such exact
   * copies are kept once. A file that cannot be read as a snapshot, and each refused row, is named
   * in {@code problems} and the rest is still read.
   */
  public static List<Reading> readFeedSnapshots(
      List<Path> files, AlertaRioStations stations, List<String> problems) throws IOException {
    Set<Reading> readings = new LinkedHashSet<>();
    for (Path file : files) {
      AlertaRioLiveFeed.Result snapshot;
      try {
        snapshot = AlertaRioLiveFeed.parse(Files.readAllBytes(file), stations);
      } catch (IllegalArgumentException e) {
        problems.add(file.getFileName() + ": " + e.getMessage());
        continue;
      }
      snapshot.problems().forEach(p -> problems.add(file.getFileName() + ": " + p));
      for (AlertaRioRow row : snapshot.rows()) {
        readings.add(toReading(row, stations.forKey(row.station()).location()));
      }
    }
    List<Reading> sorted = new ArrayList<>(readings);
    sorted.sort(Comparator.comparing(Reading::time).thenComparing(Reading::sensorId));
    return sorted;
  }
}
