package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.RunnableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue in a keyed function of its own: elements wait for the watermark, come out together in
 * arrival order, leave neither state nor timers, and a checkpoint taken while a time's queue grows
 * keeps the queue as it was (the queue appends to the list state handed it).
 */
class EventTimeQueueTest {
  /** (key, time in ms, value) in; "time: values" out, at the time or at once when due. */
  static final class Queued
      extends KeyedProcessFunction<String, Tuple3<String, Long, String>, String> {
    private transient EventTimeQueue<String> queue;

    @Override
    public void open(OpenContext context) {
      queue = EventTimeQueue.open(getRuntimeContext(), "queued", Types.STRING);
    }

    @Override
    public void processElement(Tuple3<String, Long, String> in, Context ctx, Collector<String> out)
        throws Exception {
      if (!queue.addUnlessDue(ctx.timerService(), in.f1, in.f2)) {
        out.collect(in.f1 + ": " + in.f2 + " (due)");
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
        throws Exception {
      out.collect(timestamp + ": " + String.join(",", queue.take(timestamp)));
      if (queue.isEmpty()) {
        out.collect("empty");
      }
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, Long, String>, String>
      harness;

  @BeforeEach
  void start() throws Exception {
    harness = harness(null);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void elementsWaitForTheWatermarkAndComeOutTogetherInArrivalOrder() throws Exception {
    add("zone", 200, "b");
    add("zone", 100, "a");
    add("zone", 200, "c");
    add("zone", 200, "a");
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    harness.processWatermark(150);
    assertThat(outputs()).containsExactly("100: a");
    harness.processWatermark(200);
    assertThat(outputs()).containsExactly("100: a", "200: b,c,a", "empty");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anElementTheWatermarkHasPassedIsTheCallersAtOnce() throws Exception {
    harness.processWatermark(300);
    add("zone", 300, "late");
    add("zone", 250, "later");
    add("zone", 301, "early");
    assertThat(outputs()).containsExactly("300: late (due)", "250: later (due)");
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void eachKeyHasItsOwnQueue() throws Exception {
    add("north", 100, "n");
    add("south", 100, "s");
    harness.processWatermark(100);
    assertThat(outputs()).containsExactlyInAnyOrder("100: n", "100: s", "empty", "empty");
  }

  @Test
  void aCheckpointTakenWhileATimesQueueGrowsKeepsItAsItWas() throws Exception {
    add("zone", 100, "a");
    add("zone", 100, "b");
    // the heap backend's snapshot in two parts, as a checkpoint runs: synchronous, then written
    // later while the function goes on
    CheckpointableKeyedStateBackend<?> backend =
        (CheckpointableKeyedStateBackend<?>) (Object) harness.getOperator().getKeyedStateBackend();
    RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot =
        backend.snapshot(
            1,
            1,
            new MemCheckpointStreamFactory(1 << 20),
            CheckpointOptions.forCheckpointWithDefaultLocation());
    add("zone", 100, "c"); // appended to the list the snapshot holds, unless it was copied
    snapshot.run();
    KeyedStateHandle written = snapshot.get().getJobManagerOwnedSnapshot();
    harness.processWatermark(100);
    assertThat(outputs()).containsExactly("100: a,b,c", "empty");
    harness.close();

    // timers travel in the operator's raw state, not in this handle: a new element sets one again
    harness = harness(OperatorSubtaskState.builder().setManagedKeyedState(written).build());
    add("zone", 100, "d");
    harness.processWatermark(100);
    assertThat(outputs()).containsExactly("100: a,b,d", "empty");
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          String, Tuple3<String, Long, String>, String>
      harness(OperatorSubtaskState restored) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Queued()),
            (Tuple3<String, Long, String> in) -> in.f0,
            Types.STRING);
    h.setup();
    if (restored != null) {
      h.initializeState(restored);
    }
    h.open();
    return h;
  }

  private void add(String key, long time, String value) throws Exception {
    harness.processElement(new StreamRecord<>(Tuple3.of(key, time, value), time));
  }

  private List<String> outputs() {
    return harness.extractOutputValues();
  }
}
