package org.cityops.jobs.health;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityops.events.GeoPoint;
import org.cityops.geo.GeoJsonZones;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneAdjacency;
import org.cityops.geo.ZoneMap;
import org.cityops.jobs.common.ConfigException;

/**
 * The neighbourhoods the health job counts by: their polygons, which touch which, a representative
 * point each, and their populations. Built once when the job is configured; immutable.
 */
public record HealthAreas(
    ZoneMap zones,
    ZoneAdjacency adjacency,
    Map<String, GeoPoint> centroids,
    Map<String, Integer> populations)
    implements Serializable {

  public static HealthAreas of(
      ZoneMap zones, double adjacencyToleranceM, Map<String, Integer> populations) {
    Map<String, GeoPoint> centroids = new LinkedHashMap<>();
    for (Zone z : zones.zones()) {
      centroids.put(z.id(), z.representativePoint());
    }
    return new HealthAreas(
        zones,
        ZoneAdjacency.of(zones, adjacencyToleranceM),
        Map.copyOf(centroids),
        Map.copyOf(populations));
  }

  /**
   * Reads the neighbourhoods' GeoJSON and, when given, a population file: CSV lines {@code
   * id,population} (a header line and {@code #} comments are skipped). An id not on the map, a
   * population that is not a positive whole number, or the same id twice is refused with its line.
   */
  public static HealthAreas read(
      Path geojson,
      String idProperty,
      String nameProperty,
      Path populationFile,
      double adjacencyToleranceM) {
    ZoneMap zones = GeoJsonZones.read(geojson, idProperty, nameProperty);
    Map<String, Integer> populations =
        populationFile == null ? Map.of() : readPopulations(populationFile, zones);
    return of(zones, adjacencyToleranceM, populations);
  }

  static Map<String, Integer> readPopulations(Path file, ZoneMap zones) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the population file " + file, e);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.startsWith("id,"))) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] f = line.split(",");
      if (f.length != 2) {
        throw new ConfigException("health.populations", where + ": expected id,population");
      }
      String id = f[0].trim();
      if (zones.byId(id).isEmpty()) {
        throw new ConfigException("health.populations", where + ": no neighbourhood '" + id + "'");
      }
      int population;
      try {
        population = Integer.parseInt(f[1].trim());
      } catch (NumberFormatException e) {
        population = -1;
      }
      if (population < 1) {
        throw new ConfigException(
            "health.populations", where + ": population must be a positive whole number");
      }
      if (out.put(id, population) != null) {
        throw new ConfigException("health.populations", where + ": '" + id + "' appears twice");
      }
    }
    return Map.copyOf(out);
  }
}
