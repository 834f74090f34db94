package org.cityops.jobs.traffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.roads.DetectorPair;

/**
 * Hands each reading to every detector pair it belongs to: as the upstream side of the pair with
 * the next detector, and as the downstream side of the pair with the previous one. Stateless.
 */
public final class ToDetectorPairs implements FlatMapFunction<DetectorReading, PairReading> {
  private final Map<String, List<Side>> sides = new HashMap<>();

  public ToDetectorPairs(List<DetectorPair> pairs) {
    for (DetectorPair p : pairs) {
      sides.computeIfAbsent(p.upstream(), k -> new ArrayList<>()).add(new Side(p.id(), true));
      sides.computeIfAbsent(p.downstream(), k -> new ArrayList<>()).add(new Side(p.id(), false));
    }
  }

  @Override
  public void flatMap(DetectorReading r, Collector<PairReading> out) {
    for (Side side : sides.getOrDefault(r.detectorId(), List.of())) {
      out.collect(new PairReading(side.pairId, side.upstream, r));
    }
  }

  private record Side(String pairId, boolean upstream) implements java.io.Serializable {}
}
