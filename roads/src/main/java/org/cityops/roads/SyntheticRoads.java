package org.cityops.roads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cityops.events.GeoPoint;

/**
 * The simulator's made-up city: a grid of two-way arterials over Rio's centre, avenues running
 * east-west and streets north-south, crossing at intersections every {@code blockM} metres. Each
 * block is drawn with intermediate nodes every {@code blockM / nodesPerBlock} metres, so a detector
 * can sit on each stretch between them. Lanes (2 or 3 each way) and limits (50, 60 or 70 km/h) are
 * drawn per road from the seed, so a seed always gives the same city.
 */
public final class SyntheticRoads {
  /** Where the grid's south-west corner lies: Rio's Centro and Zona Norte. */
  public static final GeoPoint ORIGIN = new GeoPoint(-22.93, -43.30);

  private static final double METRES_PER_DEG_LAT = 111_195;

  /** The demo city's grid: 4 avenues, 4 streets, blocks of 1.2 km in 4 stretches, seed 3. */
  public static final int DEMO_AVENUES = 4;

  public static final int DEMO_STREETS = 4;
  public static final double DEMO_BLOCK_M = 1_200;
  public static final int DEMO_STRETCHES = 4;
  public static final long DEMO_SEED = 3;

  /** Where on each stretch the demo city's detectors sit. */
  public static final double DEMO_DETECTOR_FRACTION = 0.4;

  /** The grid the simulator drives and the traffic job judges when given no real city. */
  public static RoadNetwork demoCity() {
    return grid(DEMO_AVENUES, DEMO_STREETS, DEMO_BLOCK_M, DEMO_STRETCHES, DEMO_SEED);
  }

  private SyntheticRoads() {}

  /**
   * @param avenues east-west roads
   * @param streets north-south roads
   * @param blockM distance between intersections
   * @param nodesPerBlock stretches per block (at least 1)
   */
  public static RoadNetwork grid(
      int avenues, int streets, double blockM, int nodesPerBlock, long seed) {
    if (avenues < 1 || streets < 1 || avenues + streets < 3 || nodesPerBlock < 1 || blockM < 50) {
      throw new IllegalArgumentException(
          "a grid needs at least 1 avenue, 1 street, 3 roads in all, blocks of 50 m and 1 stretch"
              + " per block");
    }
    Random random = new Random(seed);
    double degLatPerM = 1 / METRES_PER_DEG_LAT;
    double degLonPerM = 1 / (METRES_PER_DEG_LAT * Math.cos(Math.toRadians(ORIGIN.lat())));
    double step = blockM / nodesPerBlock;
    int rows = (avenues - 1) * nodesPerBlock + 1;
    int cols = (streets - 1) * nodesPerBlock + 1;
    Map<Long, GeoPoint> nodes = new HashMap<>();
    // node (r, c) of the fine lattice; only rows or columns on a road are used
    java.util.function.BiFunction<Integer, Integer, Long> id =
        (r, c) -> {
          long nodeId = 1L + (long) r * cols + c;
          nodes.computeIfAbsent(
              nodeId,
              k ->
                  new GeoPoint(
                      Math.round((ORIGIN.lat() + r * step * degLatPerM) * 1e7) / 1e7,
                      Math.round((ORIGIN.lon() + c * step * degLonPerM) * 1e7) / 1e7));
          return nodeId;
        };
    List<Road> roads = new ArrayList<>();
    long wayId = 100;
    for (int a = 0; a < avenues; a++) {
      List<Long> way = new ArrayList<>();
      for (int c = 0; c < cols; c++) {
        way.add(id.apply(a * nodesPerBlock, c));
      }
      roads.add(road(wayId++, "Avenida " + (a + 1), way, random));
    }
    for (int s = 0; s < streets; s++) {
      List<Long> way = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        way.add(id.apply(r, s * nodesPerBlock));
      }
      roads.add(road(wayId++, "Rua " + (s + 1), way, random));
    }
    return new RoadNetwork(nodes, roads);
  }

  private static Road road(long wayId, String name, List<Long> nodes, Random random) {
    int lanes = 2 + random.nextInt(2);
    double limit = 50 + 10 * random.nextInt(3);
    return new Road(wayId, name, "primary", nodes, lanes, limit, false);
  }
}
