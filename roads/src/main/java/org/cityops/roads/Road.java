package org.cityops.roads;

import java.util.List;

/**
 * One road as OpenStreetMap draws it: a way through an ordered list of nodes.
 *
 * @param wayId the OSM way id
 * @param name the street name, or the empty string when the way has none
 * @param highway the OSM highway class ({@code primary}, {@code residential}, ...)
 * @param nodes node ids in drawing order; a one-way road is driven in this order
 * @param lanes lanes in each direction of travel
 * @param maxSpeedKmh the speed limit, taken as the free-flow speed unless configured otherwise
 * @param oneway whether the road is driven only in drawing order
 */
public record Road(
    long wayId,
    String name,
    String highway,
    List<Long> nodes,
    int lanes,
    double maxSpeedKmh,
    boolean oneway) {

  public Road {
    name = name == null ? "" : name;
    nodes = List.copyOf(nodes);
    if (nodes.size() < 2) {
      throw new IllegalArgumentException("way " + wayId + " needs at least two nodes");
    }
    if (lanes < 1) {
      throw new IllegalArgumentException("way " + wayId + " needs at least one lane");
    }
    if (!(maxSpeedKmh > 0 && maxSpeedKmh <= 200)) {
      throw new IllegalArgumentException(
          "way " + wayId + " has an implausible speed limit " + maxSpeedKmh);
    }
  }
}
