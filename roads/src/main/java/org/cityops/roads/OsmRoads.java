package org.cityops.roads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityops.events.GeoPoint;

/**
 * Which OpenStreetMap ways are roads for cars, and how each becomes a {@link Road}, whatever file
 * they were read from (XML or PBF): ways tagged with a {@code highway} class cars drive on; node
 * references outside the extract dropped (a way left with fewer than two is skipped); {@code
 * oneway} (also {@code -1} and roundabouts), {@code lanes} and {@code maxspeed} (also in mph) read,
 * with the usual defaults of the way's class where they are missing or unreadable.
 */
final class OsmRoads {
  static final Map<String, Double> DEFAULT_SPEED_KMH =
      Map.ofEntries(
          Map.entry("motorway", 100.0),
          Map.entry("trunk", 80.0),
          Map.entry("primary", 60.0),
          Map.entry("secondary", 50.0),
          Map.entry("tertiary", 40.0),
          Map.entry("unclassified", 30.0),
          Map.entry("residential", 30.0),
          Map.entry("motorway_link", 60.0),
          Map.entry("trunk_link", 50.0),
          Map.entry("primary_link", 40.0),
          Map.entry("secondary_link", 40.0),
          Map.entry("tertiary_link", 30.0),
          Map.entry("living_street", 10.0),
          Map.entry("service", 20.0));
  private static final Set<String> ONEWAY_BY_DEFAULT = Set.of("motorway", "motorway_link");
  private static final Pattern SPEED = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(mph|km/h)?\\s*");

  private OsmRoads() {}

  /** A way as a file gives it: its node references in order and its tags. */
  record Way(long id, List<Long> refs, Map<String, String> tags) {}

  static RoadNetwork build(Map<Long, GeoPoint> allNodes, List<Way> ways) {
    Map<Long, GeoPoint> used = new LinkedHashMap<>();
    List<Road> roads = new ArrayList<>();
    for (Way w : ways) {
      String highway = w.tags().get("highway");
      if (highway == null || !DEFAULT_SPEED_KMH.containsKey(highway)) {
        continue;
      }
      List<Long> refs = w.refs().stream().filter(allNodes::containsKey).toList();
      if (refs.size() < 2) {
        continue;
      }
      String onewayTag = w.tags().getOrDefault("oneway", "");
      boolean reversed = onewayTag.equals("-1");
      boolean oneway =
          reversed
              || onewayTag.equals("yes")
              || onewayTag.equals("true")
              || onewayTag.equals("1")
              || (onewayTag.isEmpty() && ONEWAY_BY_DEFAULT.contains(highway))
              || "roundabout".equals(w.tags().get("junction"));
      if (reversed) {
        refs = new ArrayList<>(refs);
        java.util.Collections.reverse(refs);
      }
      int totalLanes = lanes(w.tags().get("lanes"), oneway ? 1 : 2);
      int lanesPerDirection = oneway ? totalLanes : Math.max(1, totalLanes / 2);
      double speed = speedKmh(w.tags().get("maxspeed"), DEFAULT_SPEED_KMH.get(highway));
      roads.add(
          new Road(w.id(), w.tags().get("name"), highway, refs, lanesPerDirection, speed, oneway));
      refs.forEach(id -> used.put(id, allNodes.get(id)));
    }
    return new RoadNetwork(used, roads);
  }

  private static int lanes(String tag, int fallback) {
    if (tag == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(tag.trim());
      return n >= 1 && n <= 16 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static double speedKmh(String tag, double fallback) {
    if (tag == null) {
      return fallback;
    }
    Matcher m = SPEED.matcher(tag);
    if (!m.matches()) {
      return fallback;
    }
    double value = Double.parseDouble(m.group(1));
    if ("mph".equals(m.group(2))) {
      value *= 1.609344;
    }
    return value > 0 && value <= 200 ? value : fallback;
  }
}
