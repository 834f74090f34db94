package org.cityops.routing;

import com.graphhopper.GraphHopper;
import com.graphhopper.config.Profile;
import com.graphhopper.json.Statement;
import com.graphhopper.routing.DijkstraBidirectionRef;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.util.TraversalMode;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.CustomModel;
import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.PMap;
import com.graphhopper.util.PointList;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cityops.events.GeoPoint;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.Segment;

/**
 * Routes cars over a city's OpenStreetMap roads with GraphHopper, around what is blocked: a blocked
 * segment is never driven in its blocked direction (the other carriageway stays open), a slow one
 * costs its slowdown times its usual travel time. Segments are named as in {@link RoadNetwork}
 * ({@code way:from-to}); each is found on GraphHopper's graph by its geometry, so GraphHopper may
 * join several of them into one edge between junctions, and blocking one blocks that edge in that
 * direction (a car cannot pass through half a block).
 *
 * <p>Thread-safe for routing once loaded; {@link #close()} releases the graph.
 */
public final class Router implements AutoCloseable {
  /** What a route minimises. */
  public enum Mode {
    /** Travel time, at GraphHopper's car speeds. */
    FASTEST,
    /** Distance: every road at the same speed. */
    SHORTEST
  }

  /** What to keep away from: segment ids blocked, and slowdowns (at least 1) of slow ones. */
  public record Avoid(Set<String> blocked, Map<String, Double> slowdown) {
    public static final Avoid NOTHING = new Avoid(Set.of(), Map.of());

    public Avoid {
      blocked = Set.copyOf(blocked);
      slowdown = Map.copyOf(slowdown);
    }
  }

  /**
   * A route from its start to its end.
   *
   * @param distanceM length along the roads
   * @param time travel time at the speeds of the routing mode, slowdowns included
   * @param points its geometry
   * @param segments the network's segments it drives, in order (those it touches in part too)
   */
  public record Route(
      double distanceM, Duration time, List<GeoPoint> points, List<String> segments) {
    public Route {
      points = List.copyOf(points);
      segments = List.copyOf(segments);
    }
  }

  private static final String FASTEST = "fastest";
  private static final String SHORTEST = "shortest";

  private final GraphHopper hopper;
  private final RoadNetwork network;
  private final Weighting weighting;

  /** Our segment id to GraphHopper's edge key for driving it. */
  private final Map<String, Integer> keyOfSegment = new HashMap<>();

  /** GraphHopper's edge key to the segments it covers, in driving order. */
  private final Map<Integer, List<String>> segmentsOfKey = new HashMap<>();

  private Router(GraphHopper hopper, RoadNetwork network, Mode mode) {
    this.hopper = hopper;
    this.network = network;
    Profile profile = hopper.getProfile(mode == Mode.FASTEST ? FASTEST : SHORTEST);
    this.weighting = hopper.createWeighting(profile, new PMap());
    for (Segment s : network.segments()) {
      int key = edgeKeyOf(s);
      if (key >= 0) {
        keyOfSegment.put(s.id(), key);
        segmentsOfKey.computeIfAbsent(key, k -> new ArrayList<>()).add(s.id());
      }
    }
  }

  /**
   * Imports (or loads, when {@code graphDir} already holds it) the roads of an OSM XML or PBF file.
   */
  public static Router load(Path osmFile, Path graphDir, Mode mode) throws IOException {
    // GraphHopper compiles its weightings with janino under the thread's context class loader and
    // caches the classes statically: inside a Flink task that loader is the job's, closed when the
    // job ends, which would break the next job in the same JVM. Compile under GraphHopper's own.
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(GraphHopper.class.getClassLoader());
    try {
      return loadHere(osmFile, graphDir, mode);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static Router loadHere(Path osmFile, Path graphDir, Mode mode) throws IOException {
    RoadNetwork network = org.cityops.roads.OsmFiles.read(osmFile);
    GraphHopper hopper = new GraphHopper();
    hopper.setOSMFile(osmFile.toString());
    hopper.setGraphHopperLocation(graphDir.toString());
    hopper.setEncodedValuesString("car_access, car_average_speed");
    // a city extract is one network: keep even small pieces of it
    hopper.setMinNetworkSize(0);
    CustomModel car = GHUtility.loadCustomModelFromJar("car.json");
    CustomModel sameSpeed = new CustomModel(car);
    sameSpeed.addToSpeed(Statement.If("true", Statement.Op.LIMIT, "1"));
    hopper.setProfiles(
        new Profile(FASTEST).setCustomModel(car), new Profile(SHORTEST).setCustomModel(sameSpeed));
    hopper.importOrLoad();
    return new Router(hopper, network, mode);
  }

  public RoadNetwork network() {
    return network;
  }

  /** The best route, or empty when there is none (everything that leads there is blocked). */
  public Optional<Route> route(GeoPoint from, GeoPoint to, Avoid avoid) {
    Snap start =
        hopper.getLocationIndex().findClosest(from.lat(), from.lon(), EdgeFilter.ALL_EDGES);
    Snap end = hopper.getLocationIndex().findClosest(to.lat(), to.lon(), EdgeFilter.ALL_EDGES);
    if (!start.isValid() || !end.isValid()) {
      return Optional.empty();
    }
    QueryGraph graph = QueryGraph.create(hopper.getBaseGraph(), start, end);
    Map<Integer, Double> factors = new HashMap<>();
    avoid
        .slowdown()
        .forEach(
            (segment, factor) -> {
              Integer key = keyOfSegment.get(segment);
              if (key != null && factor > 1) {
                factors.merge(key, factor, Math::max);
              }
            });
    Set<Integer> blocked = new java.util.HashSet<>();
    avoid
        .blocked()
        .forEach(
            segment -> {
              Integer key = keyOfSegment.get(segment);
              if (key != null) {
                blocked.add(key);
              }
            });
    AvoidingWeighting w = new AvoidingWeighting(graph.wrapWeighting(weighting), blocked, factors);
    com.graphhopper.routing.Path path =
        new DijkstraBidirectionRef(graph, w, TraversalMode.NODE_BASED)
            .calcPath(start.getClosestNode(), end.getClosestNode());
    if (!path.isFound()) {
      return Optional.empty();
    }
    List<GeoPoint> points = new ArrayList<>();
    PointList pl = path.calcPoints();
    for (int i = 0; i < pl.size(); i++) {
      points.add(new GeoPoint(pl.getLat(i), pl.getLon(i)));
    }
    Set<String> driven = new LinkedHashSet<>();
    long millis = 0;
    for (EdgeIteratorState edge : path.calcEdges()) {
      segmentsOfKey
          .getOrDefault(AvoidingWeighting.originalKey(edge, false), List.of())
          .forEach(driven::add);
      millis += w.calcEdgeMillis(edge, false);
    }
    return Optional.of(
        new Route(path.getDistance(), Duration.ofMillis(millis), points, List.copyOf(driven)));
  }

  /** The key of the edge (and direction) GraphHopper drives {@code s} on, or -1. */
  private int edgeKeyOf(Segment s) {
    GeoPoint middle = s.pointAt(0.5);
    Snap snap =
        hopper.getLocationIndex().findClosest(middle.lat(), middle.lon(), EdgeFilter.ALL_EDGES);
    if (!snap.isValid() || snap.getQueryDistance() > 5) {
      return -1;
    }
    EdgeIteratorState edge = snap.getClosestEdge();
    PointList geometry = edge.fetchWayGeometry(FetchMode.ALL);
    // GraphHopper drops collinear pillar nodes: compare where both ends project onto the edge
    return along(geometry, s.from()) <= along(geometry, s.to())
        ? edge.getEdgeKey()
        : edge.getReverseEdgeKey();
  }

  /** How far along the polyline (in local metres) the point nearest to {@code p} lies. */
  private static double along(PointList line, GeoPoint p) {
    double cos = Math.cos(Math.toRadians(p.lat()));
    double bestDistance = Double.MAX_VALUE;
    double bestAlong = 0;
    double walked = 0;
    for (int i = 0; i + 1 < line.size(); i++) {
      double ax = line.getLon(i) * cos;
      double ay = line.getLat(i);
      double dx = line.getLon(i + 1) * cos - ax;
      double dy = line.getLat(i + 1) - ay;
      double length = Math.hypot(dx, dy);
      double t =
          length == 0
              ? 0
              : Math.max(
                  0,
                  Math.min(
                      1, ((p.lon() * cos - ax) * dx + (p.lat() - ay) * dy) / (length * length)));
      double distance = Math.hypot(ax + t * dx - p.lon() * cos, ay + t * dy - p.lat());
      if (distance < bestDistance) {
        bestDistance = distance;
        bestAlong = walked + t * length;
      }
      walked += length;
    }
    return bestAlong;
  }

  @Override
  public void close() {
    hopper.close();
  }
}
