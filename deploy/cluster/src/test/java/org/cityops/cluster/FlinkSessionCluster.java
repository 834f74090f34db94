package org.cityops.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.cityops.embedded.FreePorts;

/**
 * A real Flink session cluster of separate JVM processes, started from the Maven jars the way
 * Flink's own scripts do: one {@code StandaloneSessionClusterEntrypoint} (the JobManager) and any
 * number of {@code TaskManagerRunner}s, each TaskManager with the JVM flags and memory settings
 * that {@code BashJavaUtils} would compute. The classpath is the test's, so the jobs' classes are
 * on every TaskManager without uploading a jar. Logs go to one file per process.
 *
 * <p>A TaskManager can be killed ({@code SIGKILL}, nothing flushed) and new ones started.
 * Heartbeats are short so the JobManager notices a dead TaskManager within seconds.
 */
final class FlinkSessionCluster implements AutoCloseable {
  private final Path dir;
  private final int restPort = FreePorts.next();
  private final int rpcPort = FreePorts.next();
  private final int slotsPerTaskManager;
  private final Map<String, String> extraConfig;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();

  FlinkSessionCluster(Path dir, int slotsPerTaskManager, Map<String, String> extraConfig) {
    this.dir = dir;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.extraConfig = extraConfig;
  }

  int restPort() {
    return restPort;
  }

  Path checkpointDir() {
    return dir.resolve("checkpoints");
  }

  private Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "localhost");
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", "localhost");
    c.put("rest.address", "localhost");
    c.put("rest.bind-address", "localhost");
    c.put("rest.port", Integer.toString(restPort));
    c.put("taskmanager.host", "localhost");
    c.put("taskmanager.bind-host", "localhost");
    c.put("jobmanager.memory.process.size", "768m");
    c.put("taskmanager.memory.process.size", "1g");
    // the jobs keep state on the heap; RocksDB's managed memory is not needed
    c.put("taskmanager.memory.managed.size", "32m");
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
    // spread a job's slots over the TaskManagers instead of filling the first one
    c.put("taskmanager.load-balance.mode", "SLOTS");
    c.put("heartbeat.interval", "1000");
    c.put("heartbeat.timeout", "6000");
    c.put("state.checkpoints.dir", checkpointDir().toUri().toString());
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "20");
    c.put("restart-strategy.fixed-delay.delay", "1 s");
    c.put("slot.request.timeout", "60000");
    c.put("io.tmp.dirs", dir.resolve("tmp").toString());
    c.putAll(extraConfig);
    return c;
  }

  private Configuration flinkConfiguration() {
    return Configuration.fromMap(config());
  }

  FlinkSessionCluster start(int taskManagerCount) {
    try {
      Files.createDirectories(dir.resolve("conf"));
      Files.createDirectories(dir.resolve("tmp"));
      StringBuilder yaml = new StringBuilder();
      config().forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
      Files.writeString(dir.resolve("conf/config.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jobManager =
        launch(
            "jobmanager",
            List.of("-Xmx512m", "-Xms128m"),
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            List.of());
    waitForRest();
    for (int i = 0; i < taskManagerCount; i++) {
      startTaskManager();
    }
    waitForTaskManagers(taskManagerCount);
    return this;
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Starts one more TaskManager with the memory flags Flink's scripts would give it. */
  Process startTaskManager() {
    TaskExecutorProcessSpec spec =
        TaskExecutorProcessUtils.processSpecFromConfig(flinkConfiguration());
    List<String> jvm = Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).split(" "));
    List<String> dynamic =
        Arrays.asList(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split(" "));
    Process tm =
        launch(
            "taskmanager-" + taskManagers.size(),
            jvm,
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            dynamic);
    taskManagers.add(tm);
    return tm;
  }

  private Process launch(String name, List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "-cp",
            classpath(),
            mainClass,
            "--configDir",
            dir.resolve("conf").toString()));
    command.addAll(args);
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  /** Surefire runs tests from a manifest-only jar; the real classpath is in this property. */
  private static String classpath() {
    String fromSurefire = System.getProperty("surefire.test.class.path");
    return fromSurefire != null && !fromSurefire.isBlank()
        ? fromSurefire
        : System.getProperty("java.class.path");
  }

  JsonNode rest(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void waitForRest() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException("the JobManager exited at start:\n" + log("jobmanager"));
      }
      try {
        rest("/config");
        return;
      } catch (RuntimeException notYet) {
        sleep(200);
      }
    }
    throw new IllegalStateException(
        "the JobManager's REST API did not answer:\n" + log("jobmanager"));
  }

  void waitForTaskManagers(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (rest("/taskmanagers").path("taskmanagers").size() >= count) {
        return;
      }
      for (int i = 0; i < taskManagers.size(); i++) {
        if (!taskManagers.get(i).isAlive() && taskManagers.get(i).exitValue() != 137) {
          throw new IllegalStateException(
              "TaskManager " + i + " exited at start:\n" + log("taskmanager-" + i));
        }
      }
      sleep(200);
    }
    throw new IllegalStateException(
        count + " TaskManagers did not register:\n" + log("jobmanager") + log("taskmanager-0"));
  }

  /** The TaskManager processes started so far, in start order (killed ones included). */
  List<Process> taskManagerProcesses() {
    return List.copyOf(taskManagers);
  }

  /** Kills a TaskManager's JVM at once, as a crashed machine would stop. */
  void kill(Process taskManager) {
    taskManager.destroyForcibly();
    try {
      taskManager.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String log(String name) {
    try {
      Path file = dir.resolve(name + ".log");
      if (!Files.exists(file)) {
        return "(no " + name + ".log)\n";
      }
      List<String> lines = Files.readAllLines(file);
      return "--- "
          + name
          + ".log (last 60 lines) ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))
          + "\n";
    } catch (IOException e) {
      return "(unreadable " + name + ".log: " + e + ")\n";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process tm : taskManagers) {
      tm.destroyForcibly();
    }
    if (jobManager != null) {
      jobManager.destroyForcibly();
    }
    for (Process p : taskManagers) {
      p.onExit().join();
    }
    if (jobManager != null) {
      jobManager.onExit().join();
    }
  }
}
