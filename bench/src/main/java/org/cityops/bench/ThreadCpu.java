package org.cityops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The CPU time the threads of this JVM use, summed per group of threads (a Flink job's tasks, a
 * broker, the bridge; {@link ThreadRoles} names them), and the CPU of the whole process beside it.
 * Rates on these machines vary by a third from one round to the next (other tenants, brokers and
 * jobs sharing two cores); the CPU a stage spends per record depends far less on when it got the
 * cores (it varied by about 7% between runs of one version here): the figure to compare between two
 * versions, or between a stage and its ceiling, and to add up into what a whole path costs.
 *
 * <p>A thread that ends can no longer be read, so threads are read while they run, by a thread of
 * this class every {@code interval}, from {@link #start} until {@link #close}: up to one interval
 * of each thread's last moments is missed. A thread's group is asked again only when its name
 * changed (pooled threads take their name once they run: Paho's do), and only threads in a group
 * have their CPU read. The process's CPU also counts what no Java thread shows: the garbage
 * collector and the compilers; on Linux those are read too, from {@code /proc/self/task} ({@link
 * ThreadRoles#jvmInternal} names their groups), so that only the rest of the JVM's own work is left
 * over. A part of the path that runs as a process of its own (Mosquitto) is read as a whole and
 * counted in its group and in the process's CPU, so that the parts still add up to what the path
 * costs. Thread-safe: {@link #snapshot} may be called while sampling goes on.
 */
final class ThreadCpu implements AutoCloseable {
  /** The name of the thread that reads the others: part of the measuring, not of what it reads. */
  static final String SAMPLER = "thread-cpu-sampler";

  /**
   * CPU used since {@link #start}: per group, and by the whole process with the external parts,
   * over a wall time.
   */
  record Snapshot(Map<String, Duration> byGroup, Duration process, Duration wall) {
    Duration of(String group) {
      return byGroup.getOrDefault(group, Duration.ZERO);
    }

    /** What was used between {@code earlier} and this. */
    Snapshot since(Snapshot earlier) {
      Map<String, Duration> groups = new TreeMap<>();
      byGroup.forEach((g, d) -> groups.put(g, d.minus(earlier.of(g))));
      return new Snapshot(groups, process.minus(earlier.process), wall.minus(earlier.wall));
    }

    /**
     * CPU of threads in no group and of the JVM's own threads not read (all of them where there is
     * no {@code /proc}; else the VM thread and the like).
     */
    Duration outsideGroups() {
      return byGroup.values().stream().reduce(process, Duration::minus);
    }

    /** Cores kept busy on average: process CPU over wall time. */
    double coresBusy() {
      return wall.isZero() ? 0 : (double) process.toNanos() / wall.toNanos();
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Function<String, Optional<String>> groupOf;

  /** Each thread's name when last seen, and its group then (empty when it belongs to none). */
  private record Named(String name, Optional<String> group) {}

  private final Map<Long, Named> named = new HashMap<>();

  private final Map<Long, Long> before = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();

  /** Where Linux lists this process's threads, Java's and the JVM's own. */
  private static final Path TASKS = Path.of("/proc/self/task");

  private static final boolean TASKS_LISTED = Files.isDirectory(TASKS);

  /**
   * The JVM's own threads, by Linux thread id: group (empty: not one to count), CPU nanos. A thread
   * id the kernel hands out again keeps the first name read (HotSpot's GC and compiler threads live
   * as long as the JVM).
   */
  private final Map<String, Optional<String>> nativeGroups = new HashMap<>();

  private final Map<String, Long> nativeBefore = new HashMap<>();
  private final Map<String, Long> nativeLatest = new HashMap<>();
  private final long processBefore;

  /** Processes outside this JVM that are parts of the path: group -> process, CPU at start. */
  private final Map<String, ProcessHandle> external;

  private final Map<String, Duration> externalBefore = new HashMap<>();
  private final Map<String, Duration> externalLatest = new HashMap<>();
  private final long wallBefore = System.nanoTime();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, SAMPLER);
            t.setDaemon(true);
            return t;
          });

  private ThreadCpu(
      Function<String, Optional<String>> groupOf, Map<String, ProcessHandle> external) {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
    this.groupOf = groupOf;
    this.external = Map.copyOf(external);
    this.processBefore = os.getProcessCpuTime();
    this.external.forEach((group, process) -> externalBefore.put(group, cpuOf(process)));
  }

  /**
   * Starts counting, every {@code interval}: CPU used before now is left out. {@code groupOf} maps
   * a thread's name to its group, or to empty for a thread not to count.
   */
  static ThreadCpu start(Function<String, Optional<String>> groupOf, Duration interval) {
    return start(groupOf, interval, Map.of());
  }

  /** As {@link #start(Function, Duration)}, with each of {@code external}'s processes a group. */
  static ThreadCpu start(
      Function<String, Optional<String>> groupOf,
      Duration interval,
      Map<String, ProcessHandle> external) {
    ThreadCpu cpu = new ThreadCpu(groupOf, external);
    synchronized (cpu) {
      cpu.read(cpu.before);
      cpu.readNative(cpu.nativeBefore);
    }
    cpu.sampler.scheduleAtFixedRate(
        cpu::sample, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return cpu;
  }

  /** CPU used since {@link #start}: the threads up to their last sample, the process up to now. */
  synchronized Snapshot snapshot() {
    read(latest);
    readNative(nativeLatest);
    Map<String, Duration> byGroup = new TreeMap<>();
    for (Map.Entry<String, Long> e : nativeLatest.entrySet()) {
      long nanos = e.getValue() - nativeBefore.getOrDefault(e.getKey(), 0L);
      nativeGroups
          .get(e.getKey())
          .ifPresent(g -> byGroup.merge(g, Duration.ofNanos(nanos), Duration::plus));
    }
    for (Map.Entry<Long, Long> e : latest.entrySet()) {
      long nanos = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      named
          .get(e.getKey())
          .group()
          .ifPresent(g -> byGroup.merge(g, Duration.ofNanos(nanos), Duration::plus));
    }
    Duration process = Duration.ofNanos(os.getProcessCpuTime() - processBefore);
    for (Map.Entry<String, ProcessHandle> e : external.entrySet()) {
      Duration now = externalLatest.merge(e.getKey(), cpuOf(e.getValue()), ThreadCpu::later);
      Duration used = now.minus(externalBefore.get(e.getKey()));
      byGroup.merge(e.getKey(), used, Duration::plus);
      process = process.plus(used);
    }
    return new Snapshot(byGroup, process, Duration.ofNanos(System.nanoTime() - wallBefore));
  }

  private static Duration later(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A process's CPU so far; zero once it has ended (its last reading is kept by the caller). */
  private static Duration cpuOf(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
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

  private synchronized void sample() {
    read(latest);
    readNative(nativeLatest);
  }

  /**
   * The CPU of the JVM's own threads in a group, from each one's {@code schedstat} (nanoseconds on
   * a CPU); nothing where there is no {@code /proc}. A thread's name is read once, when first seen.
   */
  private void readNative(Map<String, Long> into) {
    if (!TASKS_LISTED) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String tid = task.getFileName().toString();
        Optional<String> group =
            nativeGroups.computeIfAbsent(
                tid, t -> firstLine(task.resolve("comm")).flatMap(ThreadRoles::jvmInternal));
        if (group.isEmpty()) {
          continue;
        }
        firstLine(task.resolve("schedstat"))
            .map(line -> line.split(" ", 2)[0])
            .ifPresent(nanos -> into.merge(tid, Long.parseLong(nanos), Math::max));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // a thread ended while being listed: read again at the next sample
    }
  }

  private static Optional<String> firstLine(Path file) {
    try (java.io.BufferedReader r = Files.newBufferedReader(file)) {
      return Optional.ofNullable(r.readLine());
    } catch (IOException e) {
      return Optional.empty(); // the thread ended
    }
  }

  private void read(Map<Long, Long> into) {
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue; // ended since
      }
      String name = infos[i].getThreadName();
      Named thread = named.get(ids[i]);
      if (thread == null || !thread.name().equals(name)) {
        thread = new Named(name, groupOf.apply(name));
        named.put(ids[i], thread);
      }
      if (thread.group().isEmpty()) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu >= 0) {
        into.merge(ids[i], cpu, Math::max);
      }
    }
  }
}
