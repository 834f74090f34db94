package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class RuleChangeWatermarksTest {
  /** What a generator told its output, in order. */
  private static final class Recorded implements WatermarkOutput {
    final List<String> calls = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      calls.add("watermark " + watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      calls.add("idle");
    }

    @Override
    public void markActive() {
      calls.add("active");
    }
  }

  @Test
  void theRuleInputIsIdleFromTheStartAndStaysIdleWhenRecordsCome() {
    RuleChangeWatermarks generator = new RuleChangeWatermarks();
    Recorded out = new Recorded();
    generator.onPeriodicEmit(out);
    generator.onEvent(null, 1_000, out);
    generator.onPeriodicEmit(out);
    generator.onEvent(null, Long.MAX_VALUE, out);
    // never a watermark (not even the end of time: a detector whose data input is idle would take
    // it as its own and fire every timer), never active
    assertThat(out.calls).isNotEmpty().containsOnly("idle");
  }
}
