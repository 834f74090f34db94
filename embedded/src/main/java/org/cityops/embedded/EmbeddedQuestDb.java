package org.cityops.embedded;

import io.questdb.ServerMain;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB in this JVM: HTTP on a loopback port, which serves its web console, SQL over {@code
 * /exec}, and InfluxDB line protocol on {@code /api/v2/write} (what influxdb-client-java sends).
 * PostgreSQL wire, ILP over TCP/UDP and telemetry are switched off.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQuestDb.class);

  private final Path rootDir;
  private final int httpPort;
  private final boolean ownsDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ServerMain server;

  public EmbeddedQuestDb() {
    this(Dirs.temp("cityops-questdb-"), FreePorts.next(), true);
  }

  public EmbeddedQuestDb(Path rootDir, int httpPort) {
    this(rootDir, httpPort, false);
  }

  private EmbeddedQuestDb(Path rootDir, int httpPort, boolean ownsDir) {
    this.rootDir = rootDir;
    this.httpPort = httpPort;
    this.ownsDir = ownsDir;
  }

  public synchronized EmbeddedQuestDb start() {
    if (server != null) {
      return this;
    }
    Map<String, String> env = new HashMap<>();
    env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort);
    env.put("QDB_HTTP_MIN_ENABLED", "false");
    env.put("QDB_PG_ENABLED", "false");
    env.put("QDB_LINE_TCP_ENABLED", "false");
    env.put("QDB_LINE_UDP_ENABLED", "false");
    env.put("QDB_TELEMETRY_ENABLED", "false");
    env.put("QDB_SHARED_WORKER_COUNT", "2");
    env.put("QDB_HTTP_WORKER_COUNT", "1");
    // The line protocol over HTTP must not invent tables: CityOps creates them with dedup keys.
    env.put("QDB_LINE_AUTO_CREATE_NEW_TABLES", "true");
    quietLog();
    server = ServerMain.create(Dirs.create(rootDir).toString(), env);
    server.start();
    server.awaitStartup();
    LOG.info("QuestDB listening on {} (web console and /exec)", httpUrl());
    return this;
  }

  /**
   * QuestDB logs to stdout at INFO by default; CityOps keeps only its errors. QuestDB's log factory
   * is one per JVM and reads the file named by the system property {@code out} once.
   */
  private void quietLog() {
    try {
      java.nio.file.Path logConf = Dirs.create(rootDir.resolve("conf")).resolve("log.conf");
      java.nio.file.Files.writeString(
          logConf,
          "writers=stdout\n"
              + "w.stdout.class=io.questdb.log.LogConsoleWriter\n"
              + "w.stdout.level=ERROR,CRITICAL\n");
      if (System.getProperty(io.questdb.log.LogFactory.CONFIG_SYSTEM_PROPERTY) == null) {
        System.setProperty(io.questdb.log.LogFactory.CONFIG_SYSTEM_PROPERTY, logConf.toString());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public String httpUrl() {

    return "http://127.0.0.1:" + httpPort;
  }

  /**
   * Runs one SQL statement over HTTP and returns the JSON answer; an error answer becomes an
   * exception carrying QuestDB's message.
   */
  public String exec(String sql) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    httpUrl() + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("QuestDB refused '" + sql + "': " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("QuestDB did not answer '" + sql + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
    if (ownsDir) {
      Dirs.deleteQuietly(rootDir);
    }
  }
}
