package org.cityops.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.cityops.events.GeoPoint;
import org.cityops.roads.OsmXml;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.Segment;
import org.cityops.roads.SyntheticRoads;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedMultigraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphHopper's routes on the demo city against an independent shortest-path computation (JGraphT's
 * Dijkstra over the same segments, read from the same OSM file by our own reader).
 */
class RouterTest {
  @TempDir static Path dir;
  private static Router shortest;
  private static Router fastest;
  private static RoadNetwork city;

  /** Intersection (row, column) of the demo grid, 0 to 3 each. */
  private static long corner(int row, int column) {
    return 1 + (long) row * 4 * 13 + column * 4;
  }

  private static GeoPoint at(long node) {
    return city.nodes().get(node);
  }

  @BeforeAll
  static void load() throws Exception {
    Path osm = dir.resolve("city.osm");
    try (Writer out = Files.newBufferedWriter(osm)) {
      OsmXml.write(SyntheticRoads.demoCity(), out);
    }
    shortest = Router.load(osm, dir.resolve("graph-shortest"), Router.Mode.SHORTEST);
    fastest = Router.load(osm, dir.resolve("graph-fastest"), Router.Mode.FASTEST);
    city = shortest.network();
  }

  @AfterAll
  static void close() {
    shortest.close();
    fastest.close();
  }

  /** JGraphT's shortest distance over the network's segments, without the blocked ones. */
  private static double independentShortest(long from, long to, Set<String> blocked) {
    DirectedWeightedMultigraph<Long, DefaultWeightedEdge> g =
        new DirectedWeightedMultigraph<>(DefaultWeightedEdge.class);
    city.nodes().keySet().forEach(g::addVertex);
    for (Segment s : city.segments()) {
      if (!blocked.contains(s.id())) {
        DefaultWeightedEdge e = g.addEdge(s.fromNode(), s.toNode());
        g.setEdgeWeight(e, s.lengthM());
      }
    }
    var path = new DijkstraShortestPath<>(g).getPath(from, to);
    return path == null ? Double.NaN : path.getWeight();
  }

  @Test
  void theShortestRouteIsAsLongAsTheIndependentShortestPath() {
    long a = corner(0, 0);
    long b = corner(3, 2);
    Router.Route route = shortest.route(at(a), at(b), Router.Avoid.NOTHING).orElseThrow();
    assertThat(route.distanceM())
        .isCloseTo(independentShortest(a, b, Set.of()), org.assertj.core.data.Offset.offset(0.5));
    assertThat(route.segments()).isNotEmpty();
    assertThat(route.points().get(0).distanceMetresTo(at(a))).isLessThan(1);
  }

  @Test
  void aRouteAvoidsABlockedSegmentAndIsTheShortestThatDoes() {
    long a = corner(1, 0);
    long b = corner(1, 3);
    Router.Route before = shortest.route(at(a), at(b), Router.Avoid.NOTHING).orElseThrow();
    // block a stretch in the middle of the straight way there
    String blockedId = before.segments().get(before.segments().size() / 2);
    Set<String> blocked = Set.of(blockedId);
    Router.Route after =
        shortest.route(at(a), at(b), new Router.Avoid(blocked, Map.of())).orElseThrow();
    assertThat(after.segments()).doesNotContain(blockedId);
    assertThat(after.distanceM()).isGreaterThan(before.distanceM());
    assertThat(after.distanceM())
        .isCloseTo(independentShortest(a, b, blocked), org.assertj.core.data.Offset.offset(0.5));
    // the other carriageway stays open: the way back still goes straight
    Router.Route back =
        shortest.route(at(b), at(a), new Router.Avoid(blocked, Map.of())).orElseThrow();
    assertThat(back.distanceM())
        .isCloseTo(before.distanceM(), org.assertj.core.data.Offset.offset(0.5));
    // and a block on the way back is avoided just the same
    String blockedBack = back.segments().get(back.segments().size() / 2);
    Router.Route detourBack =
        shortest.route(at(b), at(a), new Router.Avoid(Set.of(blockedBack), Map.of())).orElseThrow();
    assertThat(detourBack.segments()).doesNotContain(blockedBack);
    assertThat(detourBack.distanceM())
        .isCloseTo(
            independentShortest(b, a, Set.of(blockedBack)),
            org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void aSlowStretchIsDrivenAroundWhenTheDetourIsQuicker() {
    long a = corner(1, 0);
    long b = corner(1, 3);
    Router.Route before = fastest.route(at(a), at(b), Router.Avoid.NOTHING).orElseThrow();
    Map<String, Double> jam = new java.util.HashMap<>();
    before.segments().forEach(s -> jam.put(s, 20.0));
    Router.Route after = fastest.route(at(a), at(b), new Router.Avoid(Set.of(), jam)).orElseThrow();
    assertThat(after.segments()).doesNotContainAnyElementsOf(before.segments().subList(2, 6));
    assertThat(after.time()).isGreaterThan(before.time());
    assertThat(after.time()).isLessThan(before.time().multipliedBy(20));
  }

  @Test
  void noRouteWhenEverythingIntoThePlaceIsBlocked() {
    long b = corner(0, 0);
    Set<String> blocked = new HashSet<>();
    for (Segment s : city.segments()) {
      if (s.toNode() == b) {
        blocked.add(s.id());
      }
    }
    assertThat(shortest.route(at(corner(2, 2)), at(b), new Router.Avoid(blocked, Map.of())))
        .isEmpty();
  }

  @Test
  void aPbfExtractRoutesLikeItsXml() throws Exception {
    Path pbf = dir.resolve("city.osm.pbf");
    org.cityops.roads.OsmPbf.write(SyntheticRoads.demoCity(), pbf);
    try (Router fromPbf = Router.load(pbf, dir.resolve("graph-pbf"), Router.Mode.SHORTEST)) {
      long a = corner(0, 0);
      long b = corner(3, 2);
      Router.Route route = fromPbf.route(at(a), at(b), Router.Avoid.NOTHING).orElseThrow();
      assertThat(route.distanceM())
          .isCloseTo(independentShortest(a, b, Set.of()), org.assertj.core.data.Offset.offset(0.5));
      assertThat(fromPbf.network().segments()).hasSameSizeAs(city.segments());
    }
  }
}
