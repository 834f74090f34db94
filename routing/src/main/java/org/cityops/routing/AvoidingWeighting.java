package org.cityops.routing;

import com.graphhopper.routing.querygraph.VirtualEdgeIteratorState;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.util.EdgeIteratorState;
import java.util.Map;
import java.util.Set;

/**
 * A weighting that never drives the blocked edge directions and multiplies the weight and time of
 * slow ones. Edge directions are GraphHopper edge keys of the base graph; the query graph's virtual
 * edges (where a route starts or ends mid-edge) count as the edge they split.
 */
final class AvoidingWeighting implements Weighting {
  private final Weighting inner;
  private final Set<Integer> blocked;
  private final Map<Integer, Double> slowdown;

  AvoidingWeighting(Weighting inner, Set<Integer> blocked, Map<Integer, Double> slowdown) {
    this.inner = inner;
    this.blocked = blocked;
    this.slowdown = slowdown;
  }

  /** The base graph's key of driving {@code edge} ({@code reverse}: from its adjacent node). */
  static int originalKey(EdgeIteratorState edge, boolean reverse) {
    int key =
        edge instanceof VirtualEdgeIteratorState v ? v.getOriginalEdgeKey() : edge.getEdgeKey();
    return reverse ? key ^ 1 : key;
  }

  @Override
  public double calcMinWeightPerDistance() {
    return inner.calcMinWeightPerDistance();
  }

  @Override
  public double calcEdgeWeight(EdgeIteratorState edge, boolean reverse) {
    int key = originalKey(edge, reverse);
    if (blocked.contains(key)) {
      return Double.POSITIVE_INFINITY;
    }
    return inner.calcEdgeWeight(edge, reverse) * slowdown.getOrDefault(key, 1.0);
  }

  @Override
  public long calcEdgeMillis(EdgeIteratorState edge, boolean reverse) {
    double factor = slowdown.getOrDefault(originalKey(edge, reverse), 1.0);
    return Math.round(inner.calcEdgeMillis(edge, reverse) * factor);
  }

  @Override
  public double calcTurnWeight(int inEdge, int viaNode, int outEdge) {
    return inner.calcTurnWeight(inEdge, viaNode, outEdge);
  }

  @Override
  public long calcTurnMillis(int inEdge, int viaNode, int outEdge) {
    return inner.calcTurnMillis(inEdge, viaNode, outEdge);
  }

  @Override
  public boolean hasTurnCosts() {
    return inner.hasTurnCosts();
  }

  @Override
  public String getName() {
    return "avoiding_" + inner.getName();
  }
}
