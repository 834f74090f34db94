package org.cityops.console.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.cityops.console.residents.Neighbourhoods;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;
import org.cityops.roads.Road;
import org.cityops.roads.RoadNetwork;

/**
 * The city drawn without a tile server: its neighbourhoods' outlines and its roads, as one GeoJSON
 * FeatureCollection (properties {@code kind}: {@code neighbourhood} or {@code road}, and {@code
 * name}). Maps draw it beneath everything, so a console cut off from OpenStreetMap's tiles still
 * shows where things are. Built once; either part may be missing.
 */
public final class CityOutlines {
  private final String geoJson;

  private CityOutlines(String geoJson) {
    this.geoJson = geoJson;
  }

  public static CityOutlines of(Neighbourhoods neighbourhoods, RoadNetwork roads) {
    ObjectNode collection = EventJson.mapper().createObjectNode();
    collection.put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    if (neighbourhoods != null) {
      for (Map<String, String> n : neighbourhoods.list()) {
        neighbourhoods
            .place(n.get("name"))
            .map(Subscription.Place::outline)
            .filter(outline -> outline.size() >= 4)
            .ifPresent(
                outline -> {
                  ArrayNode ring =
                      feature(features, "neighbourhood", n.get("name"), "Polygon").addArray();
                  outline.forEach(p -> lonLat(ring, p));
                });
      }
    }
    if (roads != null) {
      for (Road road : roads.roads()) {
        ArrayNode line = feature(features, "road", road.name(), "LineString");
        List<Long> nodes = road.nodes();
        nodes.forEach(id -> lonLat(line, roads.nodes().get(id)));
      }
    }
    return new CityOutlines(collection.toString());
  }

  /** Adds a feature and returns its (empty) coordinates array. */
  private static ArrayNode feature(ArrayNode features, String kind, String name, String type) {
    ObjectNode f = features.addObject();
    f.put("type", "Feature");
    f.putObject("properties").put("kind", kind).put("name", name);
    ObjectNode geometry = f.putObject("geometry");
    geometry.put("type", type);
    return geometry.putArray("coordinates");
  }

  private static void lonLat(ArrayNode into, GeoPoint p) {
    into.addArray().add(p.lon()).add(p.lat());
  }

  /** The FeatureCollection, as JSON. */
  public String geoJson() {
    return geoJson;
  }
}
