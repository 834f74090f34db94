package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Every job checkpoints exactly once; unaligned after 100 ms unless told otherwise. */
class CheckpointingTest {
  private static CheckpointConfig checkpointsOf(Map<String, String> settings) {
    JobBasics basics =
        JobBasics.from(
            new Settings(settings), "rain", Duration.ofMinutes(2), Duration.ofMinutes(1));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Checkpointing.enable(env, basics);
    return env.getCheckpointConfig();
  }

  @Test
  void byDefaultACheckpointGoesOnUnalignedWhenItsBarriersWaitATenthOfASecond() {
    CheckpointConfig c = checkpointsOf(Map.of("checkpoint.interval", "7s"));
    assertThat(c.getCheckpointInterval()).isEqualTo(7_000);
    assertThat(c.getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    assertThat(c.isUnalignedCheckpointsEnabled()).isTrue();
    assertThat(c.getAlignedCheckpointTimeout()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theWaitCanBeTunedAndUnalignedCheckpointsTurnedOff() {
    CheckpointConfig tuned = checkpointsOf(Map.of("checkpoint.unaligned-after", "2s"));
    assertThat(tuned.isUnalignedCheckpointsEnabled()).isTrue();
    assertThat(tuned.getAlignedCheckpointTimeout()).isEqualTo(Duration.ofSeconds(2));
    CheckpointConfig aligned = checkpointsOf(Map.of("checkpoint.unaligned", "false"));
    assertThat(aligned.isUnalignedCheckpointsEnabled()).isFalse();
    assertThat(aligned.getCheckpointInterval()).isEqualTo(10_000);
  }

  @Test
  void aWaitOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> checkpointsOf(Map.of("checkpoint.unaligned-after", "2h")))
        .hasMessageContaining("checkpoint.unaligned-after");
    assertThatThrownBy(() -> checkpointsOf(Map.of("checkpoint.unaligned-after", "-1s")))
        .hasMessageContaining("checkpoint.unaligned-after");
  }
}
