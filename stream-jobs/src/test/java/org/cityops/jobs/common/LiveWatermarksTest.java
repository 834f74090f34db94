package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.cityops.embedded.ManualClock;
import org.junit.jupiter.api.Test;

class LiveWatermarksTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
  private final EmittedWatermarks out = new EmittedWatermarks();
  private final LiveWatermarks<String> generator =
      new LiveWatermarks<>(Duration.ofSeconds(10), Duration.ofSeconds(5), clock);

  @Test
  void whileRecordsComeTheWatermarkIsTheNewestLessTheBound() {
    long t = clock.millis() - 1_000;
    generator.onEvent("a", t, out);
    generator.onEvent("b", t - 60_000, out); // late: does not move it back
    generator.onPeriodicEmit(out);
    clock.advance(Duration.ofMillis(4_000)); // quiet, but not yet for 5 s
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).containsExactly(t - 10_001);
  }

  @Test
  void whenRecordsPauseEventTimeFlowsOnWithTheWallClock() {
    long t = clock.millis() + 3_000; // a sensor clock 3 s ahead of ours
    generator.onEvent("a", t, out);
    clock.advance(Duration.ofMillis(5_000));
    generator.onPeriodicEmit(out);
    clock.advance(
        Duration.ofMillis(6_000)); // 11 s after the last record: it is now behind the watermark
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).containsExactly(t - 10_001 + 5_000, t - 10_001 + 11_000);
    assertThat(out.emitted.get(1)).isGreaterThan(t);
    // a record after the pause does not take the watermark back
    generator.onEvent("b", t + 2_000, out);
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).hasSize(2);
  }

  @Test
  void quietAfterOldRecordsCatchesUpWithTheWallClock() {
    long old = clock.millis() - 20 * 60_000; // sensors twenty minutes behind
    generator.onEvent("a", old, out);
    clock.advance(Duration.ofMillis(5_000));
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).containsExactly(clock.millis() - 10_000);
  }

  @Test
  void anInputWithNoRecordSinceTheStartFollowsTheWallClockOnceTheWaitIsOver() {
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).isEmpty();
    clock.advance(Duration.ofMillis(5_000));
    generator.onPeriodicEmit(out);
    assertThat(out.emitted).containsExactly(clock.millis() - 10_000);
  }
}
