package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ToDetectorPairsTest {

  @Test
  void aReadingGoesToThePairBehindItAndThePairAheadOfIt() {
    ToDetectorPairs toPairs = new ToDetectorPairs(TrafficFixtures.LAYOUT.pairs());
    List<PairReading> out = new ArrayList<>();
    Collector<PairReading> collect = new ListCollector<>(out);
    toPairs.flatMap(TrafficFixtures.free("b", 0), collect);
    assertThat(out)
        .extracting(PairReading::pairId, PairReading::upstream)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a>b", false),
            org.assertj.core.groups.Tuple.tuple("b>c", true));
    out.clear();
    // the last detector of the road is only ever downstream; an unknown one belongs to no pair
    toPairs.flatMap(TrafficFixtures.free("c", 0), collect);
    toPairs.flatMap(TrafficFixtures.free("nowhere", 0), collect);
    assertThat(out).extracting(PairReading::pairId).containsExactly("b>c");
  }
}
