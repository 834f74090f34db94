package org.cityops.geo;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Reads zones from a GeoJSON FeatureCollection (RFC 7946) of Polygon and MultiPolygon features in
 * WGS84. Positions may carry a third (height) value, which is ignored. Each feature must have the
 * id and name properties asked for; ids must be unique.
 *
 * <p>An invalid polygon (a self-touching ring, as hand-drawn city maps sometimes have) is repaired
 * with JTS's {@code GeometryFixer}, which keeps every lobe ({@code buffer(0)} would drop some); a
 * ring that is not closed, a position out of range or a missing property is an error naming the
 * feature. The file may not exceed {@link #MAX_BYTES}.
 */
public final class GeoJsonZones {
  /** Rio's 164 neighbourhoods take 3 MB; a city's zones file far larger is a mistake. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private GeoJsonZones() {}

  /** The zones of {@code file}, ids from {@code idProperty}, names from {@code nameProperty}. */
  public static ZoneMap read(Path file, String idProperty, String nameProperty) {
    JsonNode root;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ZoneFormatException(
            file + " is " + size + " bytes, more than the " + MAX_BYTES + " a zones file may have");
      }
      ObjectMapper mapper = new ObjectMapper();
      mapper
          .getFactory()
          .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new ZoneFormatException("cannot read zones from " + file + ": " + e.getMessage(), e);
    }
    return parse(root, file.toString(), idProperty, nameProperty);
  }

  static ZoneMap parse(JsonNode root, String source, String idProperty, String nameProperty) {
    if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
      throw new ZoneFormatException(source + " is not a GeoJSON FeatureCollection");
    }
    JsonNode features = root.path("features");
    if (!features.isArray() || features.isEmpty()) {
      throw new ZoneFormatException(source + " holds no features");
    }
    List<Zone> zones = new ArrayList<>(features.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      String where = source + " feature " + i;
      JsonNode feature = features.get(i);
      JsonNode properties = feature.path("properties");
      String id = text(properties, idProperty, where);
      String name = text(properties, nameProperty, where);
      if (!ids.add(id)) {
        throw new ZoneFormatException(where + ": id '" + id + "' appears twice");
      }
      Geometry geometry = geometry(feature.path("geometry"), where + " (" + name + ")");
      zones.add(new Zone(id, name, geometry));
    }
    return new ZoneMap(zones);
  }

  private static String text(JsonNode properties, String property, String where) {
    JsonNode value = properties.get(property);
    if (value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()) {
      throw new ZoneFormatException(where + ": property '" + property + "' is missing or blank");
    }
    return value.asText().strip();
  }

  private static Geometry geometry(JsonNode geometry, String where) {
    String type = geometry.path("type").asText();
    JsonNode coordinates = geometry.path("coordinates");
    Geometry g =
        switch (type) {
          case "Polygon" -> polygon(coordinates, where);
          case "MultiPolygon" -> {
            if (!coordinates.isArray() || coordinates.isEmpty()) {
              throw new ZoneFormatException(where + ": a MultiPolygon needs polygons");
            }
            Polygon[] parts = new Polygon[coordinates.size()];
            for (int p = 0; p < parts.length; p++) {
              parts[p] = polygon(coordinates.get(p), where + " part " + p);
            }
            yield FACTORY.createMultiPolygon(parts);
          }
          default ->
              throw new ZoneFormatException(
                  where + ": geometry must be a Polygon or MultiPolygon, was '" + type + "'");
        };
    return g.isValid() ? g : GeometryFixer.fix(g);
  }

  private static Polygon polygon(JsonNode rings, String where) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw new ZoneFormatException(where + ": a polygon needs at least its outer ring");
    }
    LinearRing shell = ring(rings.get(0), where + " outer ring");
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int h = 0; h < holes.length; h++) {
      holes[h] = ring(rings.get(h + 1), where + " hole " + h);
    }
    return FACTORY.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode positions, String where) {
    if (!positions.isArray() || positions.size() < 4) {
      throw new ZoneFormatException(where + ": a ring needs at least 4 positions");
    }
    Coordinate[] coordinates = new Coordinate[positions.size()];
    for (int i = 0; i < coordinates.length; i++) {
      JsonNode position = positions.get(i);
      if (!position.isArray()
          || position.size() < 2
          || !position.get(0).isNumber()
          || !position.get(1).isNumber()) {
        throw new ZoneFormatException(where + " position " + i + ": expected [lon, lat]");
      }
      double lon = position.get(0).asDouble();
      double lat = position.get(1).asDouble();
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        throw new ZoneFormatException(
            where + " position " + i + ": [" + lon + ", " + lat + "] is not a WGS84 [lon, lat]");
      }
      coordinates[i] = new Coordinate(lon, lat);
    }
    if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
      throw new ZoneFormatException(where + ": the ring is not closed (first and last differ)");
    }
    return FACTORY.createLinearRing(coordinates);
  }
}
