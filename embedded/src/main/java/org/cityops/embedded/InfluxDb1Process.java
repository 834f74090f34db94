package org.cityops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server ({@code influxd} from Debian's {@code influxdb} package) started as a
 * child process on loopback ports, with its data in a scratch folder. It cannot be embedded in the
 * JVM; it is the server the InfluxQL dashboards and the v1 write path are tested against.
 */
public final class InfluxDb1Process implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxDb1Process.class);
  private static final List<String> CANDIDATES =
      List.of("/usr/bin/influxd", "/usr/local/bin/influxd");

  private final Path dir = Dirs.temp("cityops-influxdb1-");
  private final int httpPort;
  private final int rpcPort = FreePorts.next();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;

  public InfluxDb1Process() {
    this(FreePorts.next());
  }

  /** A server that will listen on {@code httpPort}, e.g. one a client already tries to reach. */
  public InfluxDb1Process(int httpPort) {
    this.httpPort = httpPort;
  }

  /** The influxd binary, or an explanation of how to install it. */
  public static Path binary() {
    return CANDIDATES.stream()
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "influxd (InfluxDB 1.x) is not installed: run 'apt-get install influxdb' "
                        + "(./test.sh does this when run as root)"));
  }

  public synchronized InfluxDb1Process start() {
    Path config = dir.resolve("influxdb.conf");
    String toml =
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [monitor]
          store-enabled = false
        """
            .formatted(rpcPort, dir, dir, dir, httpPort);
    try {
      Files.writeString(config, toml);
      process =
          new ProcessBuilder(binary().toString(), "-config", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("influxd.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start influxd", e);
    }
    waitUntilPinged();
    LOG.info("InfluxDB 1.x listening on {}", url());
    return this;
  }

  private void waitUntilPinged() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "influxd exited at start; see " + dir.resolve("influxd.log"));
      }
      try {
        HttpResponse<Void> ping =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ping.statusCode() == 204) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleepBriefly();
    }
    throw new IllegalStateException("influxd did not answer /ping within 30 s");
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Runs an InfluxQL statement through {@code /query} and returns the JSON answer. */
  public String query(String database, String influxQl) {
    String uri =
        url()
            + "/query?db="
            + URLEncoder.encode(database, StandardCharsets.UTF_8)
            + "&epoch=ms&q="
            + URLEncoder.encode(influxQl, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
        throw new IllegalStateException("InfluxDB refused '" + influxQl + "': " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops the server as an outage would (its process ends) but keeps its data, so {@link #start()}
   * brings the same database back on the same port.
   */
  public synchronized void stop() {
    ChildProcesses.end(process, true);
    process = null;
  }

  @Override
  public synchronized void close() {
    ChildProcesses.end(process, false);
    process = null;
    Dirs.deleteQuietly(dir);
  }
}
