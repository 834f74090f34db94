package org.cityops.ingestion.simulator.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;

/**
 * Neighbourhoods for the demo city: a grid of rectangles over the area the given points span (the
 * grid city's road nodes), written as GeoJSON with {@code id} and {@code name} properties, so the
 * demo needs no real city's polygons. A real city's neighbourhoods (Rio's 164) plug in by path.
 */
public final class DemoNeighbourhoods {
  private DemoNeighbourhoods() {}

  /** The ids {@link #write} gives a {@code rows x columns} grid, row by row: 1, 2, 3, ... */
  public static List<String> ids(int rows, int columns) {
    return IntStream.rangeClosed(1, rows * columns).mapToObj(String::valueOf).toList();
  }

  /** Writes a {@code rows x columns} grid over {@code points} (with a margin) to {@code file}. */
  public static Path write(Collection<GeoPoint> points, int rows, int columns, Path file)
      throws IOException {
    double minLat = points.stream().mapToDouble(GeoPoint::lat).min().orElseThrow();
    double maxLat = points.stream().mapToDouble(GeoPoint::lat).max().orElseThrow();
    double minLon = points.stream().mapToDouble(GeoPoint::lon).min().orElseThrow();
    double maxLon = points.stream().mapToDouble(GeoPoint::lon).max().orElseThrow();
    double margin = 0.005;
    minLat -= margin;
    maxLat += margin;
    minLon -= margin;
    maxLon += margin;
    double dLat = (maxLat - minLat) / rows;
    double dLon = (maxLon - minLon) / columns;
    ObjectNode collection = EventJson.mapper().createObjectNode();
    collection.put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    List<String> ids = ids(rows, columns);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        ObjectNode feature = features.addObject();
        feature.put("type", "Feature");
        ObjectNode props = feature.putObject("properties");
        props.put("id", ids.get(r * columns + c));
        props.put("name", "Bairro " + (char) ('A' + r) + (c + 1));
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "Polygon");
        ArrayNode ring = geometry.putArray("coordinates").addArray();
        double south = minLat + r * dLat;
        double west = minLon + c * dLon;
        double[][] corners = {
          {west, south},
          {west + dLon, south},
          {west + dLon, south + dLat},
          {west, south + dLat},
          {west, south}
        };
        for (double[] corner : corners) {
          ring.addArray().add(round(corner[0])).add(round(corner[1]));
        }
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(
        file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(collection));
    return file;
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
