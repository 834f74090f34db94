package org.cityops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CPU time a Flink job's own threads use in this JVM: its tasks (threads named {@code
 * "<operators> (i/n)#attempt"}) and its Kafka sources' fetchers. Rates on these machines vary by a
 * third from one round to the next (other tenants, the broker and the cluster sharing two cores);
 * the CPU a job spends per record depends far less on when it got the cores (it varied by about 7%
 * between runs of one version here, through caches and shared cores): the figure to compare between
 * two versions of a job, over several runs, or between a job and its ceiling.
 *
 * <p>Threads are read while the job runs ({@link #sample}, every quarter second or so): a task
 * thread ends with its job, and its CPU time can no longer be read then, so up to one interval of a
 * thread that ends is missed (the job's last moments, the same for every job measured).
 */
final class TaskCpu {
  private static final Pattern TASK = Pattern.compile(".* \\(\\d+/\\d+\\)#\\d+$");
  private static final String FETCHER = "Source Data Fetcher for ";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> before = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();

  /** Starts counting: CPU the job's threads used before now is left out. */
  TaskCpu() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
    read(before);
  }

  /** Reads the CPU time of every job thread alive now. */
  void sample() {
    read(latest);
  }

  /** CPU used by job threads since this was created, up to the last sample. */
  Duration used() {
    long nanos = 0;
    for (Map.Entry<Long, Long> e : latest.entrySet()) {
      nanos += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return Duration.ofNanos(nanos);
  }

  static boolean isJobThread(String name) {
    return name.startsWith(FETCHER) || TASK.matcher(name).matches();
  }

  private void read(Map<Long, Long> into) {
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || !isJobThread(infos[i].getThreadName())) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu >= 0) {
        into.merge(ids[i], cpu, Math::max);
      }
    }
  }
}
