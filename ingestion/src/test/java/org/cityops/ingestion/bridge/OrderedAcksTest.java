package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedAcksTest {
  private final List<Integer> acked = new ArrayList<>();
  private final OrderedAcks acks = new OrderedAcks((id, qos) -> acked.add(id));

  @Test
  void laterMessageWaitsForEarlierOne() {
    OrderedAcks.Slot first = acks.register(1, 1, 2);
    OrderedAcks.Slot second = acks.register(2, 1, 1);
    second.writeConfirmed();
    assertThat(acked).isEmpty();
    first.writeConfirmed();
    assertThat(acked).isEmpty(); // one of its two writes is still open
    first.writeConfirmed();
    assertThat(acked).containsExactly(1, 2);
    assertThat(acks.pending()).isZero();
  }

  @Test
  void qosZeroMessagesAreNotAcknowledgedButDoNotBlock() {
    OrderedAcks.Slot q0 = acks.register(0, 0, 1);
    OrderedAcks.Slot q1 = acks.register(7, 1, 1);
    q1.writeConfirmed();
    q0.writeConfirmed();
    assertThat(acked).containsExactly(7);
  }
}
