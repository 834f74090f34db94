package org.cityops.bench;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each step of readings was published, so that a reading or an incident found downstream can
 * be traced back to the wall-clock time its reading left the sensor. Within a step the gauges
 * publish in order at the step's rate, so gauge {@code g} left {@code g / rate} seconds after the
 * step began.
 */
final class PublishLog {
  private record Step(long startMillis, int rate, int level) {}

  private final ConcurrentHashMap<Long, Step> steps = new ConcurrentHashMap<>();

  void started(long step, long startMillis, int rate, int level) {
    steps.put(step, new Step(startMillis, rate, level));
  }

  /** When gauge {@code gauge}'s reading of {@code step} was published; -1 when unknown. */
  long publishedMillis(long step, int gauge) {
    Step s = steps.get(step);
    return s == null ? -1 : s.startMillis() + Math.round(gauge * 1000.0 / s.rate());
  }

  /** The rate level {@code step} was published at; -1 when unknown. */
  int level(long step) {
    Step s = steps.get(step);
    return s == null ? -1 : s.level();
  }
}
