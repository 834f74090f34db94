package org.cityops.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pacing checked on a fake clock: no timing assertions on the real one. */
class RateLimitedSinkTest {
  private long now = 1_000;
  private final List<Long> sleeps = new ArrayList<>();
  private final List<String> published = new ArrayList<>();

  private RateLimitedSink sink(double rate) {
    return new RateLimitedSink(
        (t, p) -> published.add(t),
        rate,
        () -> now,
        nanos -> {
          sleeps.add(nanos);
          now += nanos;
        });
  }

  @Test
  void messagesAreSpacedByTheRate() throws Exception {
    RateLimitedSink sink = sink(4); // 250 ms apart
    for (int i = 0; i < 5; i++) {
      sink.publish("t" + i, new byte[0]);
    }
    assertThat(published).containsExactly("t0", "t1", "t2", "t3", "t4");
    assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
  }

  @Test
  void timeAlreadySpentIsNotSleptAgain() throws Exception {
    RateLimitedSink sink = sink(10);
    sink.publish("a", new byte[0]);
    now += 60_000_000; // the broker took 60 ms
    sink.publish("b", new byte[0]);
    now += 500_000_000; // a long stall: the next ones go at once, no burst beyond the schedule
    sink.publish("c", new byte[0]);
    assertThat(sleeps).containsExactly(40_000_000L);
  }

  @Test
  void rateMustBePositive() {
    assertThatThrownBy(() -> sink(0)).hasMessageContaining("must be positive");
  }
}
