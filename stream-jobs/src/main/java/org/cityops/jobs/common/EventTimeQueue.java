package org.cityops.jobs.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Keyed elements queued until the watermark reaches a time, then handed out together: a function
 * that judges "as of" a time must not see what arrived early from further ahead (one input of a
 * two-input operator often runs weeks ahead of the other in a replay, and a little ahead live). Any
 * number of elements per time, in arrival order; each time has one event-time timer, and leaves the
 * state when {@link #take} hands its elements out.
 */
public final class EventTimeQueue<T> {
  private final MapState<Long, List<T>> queued;

  private EventTimeQueue(MapState<Long, List<T>> queued) {
    this.queued = queued;
  }

  /** Opens the queue's keyed state, named {@code name}, in a function's {@code open}. */
  public static <T> EventTimeQueue<T> open(
      RuntimeContext context, String name, TypeInformation<T> type) {
    return new EventTimeQueue<>(
        context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type))));
  }

  /**
   * Queues {@code element} for {@code timeMillis} and makes sure a timer fires then.
   *
   * <p>The list read is appended to where it lies and put back, not copied: a copy per element made
   * each time's queue cost the square of its length (all gauges of a zone at one instant). Both
   * state backends hand out a list this may change: RocksDB deserialises a fresh one, and the heap
   * backend copies an entry a checkpoint still holds before handing it out (copy-on-write).
   */
  public void add(TimerService timers, long timeMillis, T element) throws Exception {
    List<T> at = queued.get(timeMillis);
    List<T> next = at == null ? new ArrayList<>(2) : at;
    next.add(element);
    queued.put(timeMillis, next);
    timers.registerEventTimeTimer(timeMillis);
  }

  /**
   * Queues {@code element} for {@code timeMillis} unless the watermark has reached that time
   * already; returns whether it queued it. An element not queued is the caller's to apply now:
   * nothing earlier can still come, and its time's timer may have fired already.
   */
  public boolean addUnlessDue(TimerService timers, long timeMillis, T element) throws Exception {
    if (timeMillis <= timers.currentWatermark()) {
      return false;
    }
    add(timers, timeMillis, element);
    return true;
  }

  /** The elements queued for {@code timeMillis}, removed from the queue; empty when none. */
  public List<T> take(long timeMillis) throws Exception {
    List<T> at = queued.get(timeMillis);
    if (at == null) {
      return List.of();
    }
    queued.remove(timeMillis);
    return at;
  }

  public boolean isEmpty() throws Exception {
    return queued.isEmpty();
  }
}
