package org.cityops.jobs.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;

/**
 * How long a job's records may wait in a task's output buffer before they are sent on to the next
 * task: {@code <job>.buffer-timeout}.
 *
 * <p>Why it matters to latency: Flink sends records between tasks in network buffers, each sent
 * when full or when the buffer timeout has passed (Flink's default: 100 ms). A buffer holding a few
 * records a second never fills, so each hop can hold a record for the whole timeout, and a
 * detection crosses several (readings by gauge, sums by zone, incidents to the sink; in the alerts
 * job incidents by kind, warnings by cell). A shorter timeout sends more, smaller buffers: CPU
 * spent per record, which at thousands of records a second is not small (BENCHMARKS.md: 10 ms on
 * every job cost the jobs 30 to 180 µs more a reading on 2 cores, and the path then fell behind at
 * 5,000 readings/s). So each job has its own default: Flink's for the jobs that take every reading,
 * a short one for the alerts job, whose few records cross most tasks.
 *
 * <p>Set per operator, not on the environment, because the local stack and the benchmark run
 * several jobs in one environment, where an environment-wide value would be the last job's.
 */
public final class Pacing {
  private Pacing() {}

  /**
   * Gives {@code timeout} to the given transformations and everything upstream of them that has no
   * buffer timeout of its own yet.
   */
  public static void apply(Collection<Transformation<?>> added, Duration timeout) {
    long millis = timeout.toMillis();
    Deque<Transformation<?>> toVisit = new ArrayDeque<>(added);
    Set<Integer> seen = new HashSet<>();
    while (!toVisit.isEmpty()) {
      Transformation<?> t = toVisit.pop();
      if (!seen.add(t.getId())) {
        continue;
      }
      if (t.getBufferTimeout() < 0) {
        t.setBufferTimeout(millis);
      }
      toVisit.addAll(t.getInputs());
    }
  }
}
