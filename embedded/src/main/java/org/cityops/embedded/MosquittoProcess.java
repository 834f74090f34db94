package org.cityops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Eclipse Mosquitto broker ({@code mosquitto} from Debian's package of that name), the
 * broker the compose and Kubernetes deployments run, started as a child process on a loopback port
 * with a deployment's own configuration: its {@code listener} and {@code persistence_location}
 * lines are replaced by this process's, {@code password_file} points at a file made here with
 * {@code mosquitto_passwd} for the given accounts, and {@code acl_file} at the given ACL file.
 * Started by root (as in CI), it stays root rather than switching to the {@code mosquitto} user,
 * who could not read the scratch folder.
 */
public final class MosquittoProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoProcess.class);

  private final Path dir = Dirs.temp("cityops-mosquitto-");
  private final int port = FreePorts.next();
  private Path certFile;
  private Path keyFile;
  private Process process;

  /**
   * Listens with TLS only, presenting this certificate and key (PEM), instead of plain MQTT (before
   * {@link #start}).
   */
  public MosquittoProcess withTls(Path certFile, Path keyFile) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    return this;
  }

  /** The mosquitto binary, or an explanation of how to install it. */
  public static Path binary(String name) {
    return List.of("/usr/sbin/" + name, "/usr/bin/" + name, "/usr/local/sbin/" + name).stream()
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name
                        + " is not installed: run 'apt-get install mosquitto'"
                        + " (./test.sh does this when run as root)"));
  }

  /**
   * Starts the broker with the deployment's configuration file.
   *
   * @param deploymentConf the deployment's {@code mosquitto.conf}
   * @param aclFile the ACL file its {@code acl_file} line should name
   * @param accounts user name → password, written with {@code mosquitto_passwd}
   */
  public synchronized MosquittoProcess start(
      Path deploymentConf, Path aclFile, Map<String, String> accounts) {
    try {
      Path passwords = dir.resolve("passwd");
      Files.createFile(passwords);
      for (Map.Entry<String, String> account : accounts.entrySet()) {
        run(
            binary("mosquitto_passwd").toString(),
            "-b",
            passwords.toString(),
            account.getKey(),
            account.getValue());
      }
      StringBuilder conf = new StringBuilder();
      for (String line : Files.readAllLines(deploymentConf)) {
        String trimmed = line.strip();
        if (trimmed.startsWith("listener ")) {
          conf.append("listener ").append(port).append(" 127.0.0.1\n");
          if (certFile != null) {
            conf.append("certfile ").append(certFile.toAbsolutePath()).append('\n');
            conf.append("keyfile ").append(keyFile.toAbsolutePath()).append('\n');
          }
        } else if (trimmed.startsWith("persistence_location ")) {
          conf.append("persistence_location ").append(dir.resolve("data")).append("/\n");
        } else if (trimmed.startsWith("password_file ")) {
          conf.append("password_file ").append(passwords).append('\n');
        } else if (trimmed.startsWith("acl_file ")) {
          conf.append("acl_file ").append(aclFile.toAbsolutePath()).append('\n');
        } else {
          conf.append(line).append('\n');
        }
      }
      if ("root".equals(System.getProperty("user.name"))) {
        // started as root, mosquitto would switch to its own user, who cannot read this folder
        conf.append("user root\n");
      }
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(dir.resolve("mosquitto.conf"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start mosquitto", e);
    }
    launch();
    LOG.info("Mosquitto listening on {} ({} accounts)", serverUri(), accounts.size());
    return this;
  }

  /** Runs the broker on the configuration {@link #start} wrote; its log is appended to. */
  private void launch() {
    try {
      process =
          new ProcessBuilder(
                  binary("mosquitto").toString(), "-c", dir.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start mosquitto", e);
    }
    waitUntilListening();
  }

  /**
   * Ends the broker and starts it again on the same port, configuration, accounts and data folder,
   * as a deployment's broker comes back: {@code abruptly} kills it (SIGKILL, as a crash or an
   * out-of-memory kill would), otherwise it is asked to stop (SIGTERM, as {@code docker stop} or
   * Kubernetes does) and may save its state first.
   */
  public synchronized MosquittoProcess restart(boolean abruptly) {
    if (process == null) {
      throw new IllegalStateException("mosquitto was not started");
    }
    ChildProcesses.end(process, abruptly);
    process = null;
    launch();
    LOG.info("Mosquitto restarted on {} ({})", serverUri(), abruptly ? "killed" : "stopped");
    return this;
  }

  /**
   * Starts the broker with a configuration that names no accounts and no ACL ({@code
   * allow_anonymous true}): a benchmark's or a test's broker on loopback.
   */
  public MosquittoProcess start(Path conf) {
    return start(conf, null, Map.of());
  }

  /** The broker's process, for its CPU time; empty before {@link #start} and after close. */
  public synchronized java.util.Optional<ProcessHandle> process() {
    return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command[0], command[1]) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void waitUntilListening() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited at start: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("mosquitto did not listen within 30 s: " + log());
  }

  /**
   * The file the broker saves its state to ({@code persistence_location}, the default {@code
   * persistence_file}); absent until its first save.
   */
  public Path persistenceFile() {
    return dir.resolve("data").resolve("mosquitto.db");
  }

  /** What the broker wrote to its log so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** {@code ssl://} when it listens with TLS, else {@code tcp://}. */
  public String serverUri() {
    return (certFile != null ? "ssl" : "tcp") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    ChildProcesses.end(process, false);
    process = null;
    Dirs.deleteQuietly(dir);
  }
}
