package org.cityops.jobs.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Keyed elements held until the watermark passes their event time, so a keyed function judges them
 * in event-time order whatever order they arrive in. One element per key and time: the first one
 * wins (a later one of the same time is a duplicate). Each held element has its own event-time
 * timer; the element leaves the state when its timer releases it.
 */
public final class WatermarkBuffer<T> {
  private final MapState<Long, T> waiting;

  private WatermarkBuffer(MapState<Long, T> waiting) {
    this.waiting = waiting;
  }

  /** Opens the buffer's keyed state, named {@code name}, in a function's {@code open}. */
  public static <T> WatermarkBuffer<T> open(
      RuntimeContext context, String name, TypeInformation<T> type) {
    return new WatermarkBuffer<>(
        context.getMapState(new MapStateDescriptor<>(name, Types.LONG, type)));
  }

  /**
   * Holds {@code element} until the watermark passes {@code timeMillis}.
   *
   * @return true when the watermark has passed it already: the caller judges it now
   */
  public boolean holdUnlessDue(TimerService timers, long timeMillis, T element) throws Exception {
    if (timeMillis <= timers.currentWatermark()) {
      return true;
    }
    if (!waiting.contains(timeMillis)) {
      waiting.put(timeMillis, element);
      timers.registerEventTimeTimer(timeMillis);
    }
    return false;
  }

  /** The element the timer at {@code timestamp} releases, or null (the timer is another's). */
  public T release(long timestamp) throws Exception {
    T element = waiting.get(timestamp);
    if (element != null) {
      waiting.remove(timestamp);
    }
    return element;
  }

  /** Whether an element waits for {@code timestamp}. */
  public boolean holds(long timestamp) throws Exception {
    return waiting.contains(timestamp);
  }
}
