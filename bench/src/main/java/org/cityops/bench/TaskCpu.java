package org.cityops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The CPU time a Flink job's own threads use in this JVM: its tasks (threads named {@code
 * "<operators> (i/n)#attempt"}) and its Kafka sources' fetchers. Rates on these machines vary by a
 * third from one round to the next (other tenants, the broker and the cluster sharing two cores);
 * the CPU a job spends per record depends far less on when it got the cores (it varied by about 7%
 * between runs of one version here, through caches and shared cores): the figure to compare between
 * two versions of a job, over several runs, or between a job and its ceiling.
 *
 * <p>A task thread ends with its job, and its CPU time can no longer be read then; so threads are
 * read while the job runs, by a thread of this class every {@link #INTERVAL}, from {@link #start}
 * until {@link #close}. Up to one interval of each thread's last moments is missed (the same for
 * every job measured). A sample costs a name lookup only for threads not seen before and one CPU
 * read per job thread, so sampling this often takes a negligible share of the cores it measures.
 * Thread-safe: {@link #used} may be called while sampling goes on.
 */
final class TaskCpu implements AutoCloseable {
  /**
   * Short enough that a job of a few hundred milliseconds (a small test's read+parse) is still seen
   * running: with a quarter second between samples, such a job was once not seen at all.
   */
  static final Duration INTERVAL = Duration.ofMillis(20);

  private static final Pattern TASK = Pattern.compile(".* \\(\\d+/\\d+\\)#\\d+$");
  private static final String FETCHER = "Source Data Fetcher for ";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** Whether each thread seen is one of a job's; its name is read once. */
  private final Map<Long, Boolean> isJob = new HashMap<>();

  private final Map<Long, Long> before = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "task-cpu-sampler");
            t.setDaemon(true);
            return t;
          });

  private TaskCpu() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  /** Starts counting: CPU the job's threads used before now is left out. */
  static TaskCpu start() {
    TaskCpu cpu = new TaskCpu();
    synchronized (cpu) {
      cpu.read(cpu.before);
    }
    cpu.sampler.scheduleAtFixedRate(cpu::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return cpu;
  }

  /** CPU used by job threads since {@link #start}, up to the last sample. */
  synchronized Duration used() {
    long nanos = 0;
    for (Map.Entry<Long, Long> e : latest.entrySet()) {
      nanos += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return Duration.ofNanos(nanos);
  }

  /** Takes a last sample and stops sampling; calling it again does no harm. */
  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }

  static boolean isJobThread(String name) {
    return name.startsWith(FETCHER) || TASK.matcher(name).matches();
  }

  private synchronized void sample() {
    read(latest);
  }

  private void read(Map<Long, Long> into) {
    for (long id : threads.getAllThreadIds()) {
      if (!isJob.computeIfAbsent(id, this::namedAsJob)) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        into.merge(id, cpu, Math::max);
      }
    }
  }

  /** Thread ids are not reused while the JVM runs, so a thread's answer holds for good. */
  private boolean namedAsJob(long id) {
    ThreadInfo info = threads.getThreadInfo(id);
    return info != null && isJobThread(info.getThreadName());
  }
}
