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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB in this JVM: HTTP on a loopback port, which serves its web console, SQL over {@code
 * /exec}, and InfluxDB line protocol on {@code /api/v2/write} (what influxdb-client-java sends).
 * PostgreSQL wire, ILP over TCP/UDP and telemetry are switched off.
 *
 * <p>Its worker threads sleep soon after their work ({@link #IDLE_SETTINGS}): as QuestDB ships,
 * each worker spins and yields for up to 10,000 idle cycles after every task before it sleeps,
 * which suits a server with cores of its own. Here it shares the cores with the brokers and the
 * jobs, and the store receives a few small writes a second: spinning after each of them cost about
 * three times the CPU of the writes themselves ({@code ./cityops-bench store}, BENCHMARKS.md).
 */
public final class EmbeddedQuestDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQuestDb.class);

  private final Path rootDir;
  private final int httpPort;
  private final boolean ownsDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> settings = new HashMap<>(IDLE_SETTINGS);
  private ServerMain server;

  /**
   * Idle cycles after which each worker pool naps, then sleeps (QuestDB's defaults: 7,000 and
   * 10,000; a sleeping worker looks for work every 10 ms, {@code *.worker.sleep.timeout}). The
   * shared pools' keys cover the network, query and write pools; the others are pools of their own.
   */
  public static final Map<String, String> IDLE_SETTINGS = idleSettings(20, 50);

  /** The same nap and sleep thresholds for every worker pool this store runs. */
  public static Map<String, String> idleSettings(int napThreshold, int sleepThreshold) {
    Map<String, String> settings = new TreeMap<>();
    for (String pool :
        List.of("shared", "http", "wal.apply", "mat.view.refresh", "view.compiler", "export")) {
      settings.put(pool + ".worker.nap.threshold", Integer.toString(napThreshold));
      settings.put(pool + ".worker.sleep.threshold", Integer.toString(sleepThreshold));
    }
    return Collections.unmodifiableMap(settings);
  }

  /**
   * The same store with a server setting of QuestDB's ({@code server.conf} key, e.g. {@code
   * shared.worker.nap.threshold}) set or overridden, before {@link #start()}.
   */
  public EmbeddedQuestDb withSetting(String key, String value) {
    if (key == null || !key.matches("[a-z0-9]+(\\.[a-z0-9]+)+")) {
      throw new IllegalArgumentException("not a QuestDB setting key: '" + key + "'");
    }
    if (server != null) {
      throw new IllegalStateException("QuestDB settings apply before start(), not after");
    }
    settings.put(key, value);
    return this;
  }

  /** {@link #withSetting} for each entry. */
  public EmbeddedQuestDb withSettings(Map<String, String> more) {
    more.forEach(this::withSetting);
    return this;
  }

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
    // CityOps creates its tables first, with their dedup keys (QuestDbTables); the metrics' tables
    // (the bridge's counters, Flink's) are made by their first line of line protocol.
    env.put("QDB_LINE_AUTO_CREATE_NEW_TABLES", "true");
    settings.forEach(
        (key, value) -> env.put("QDB_" + key.replace('.', '_').toUpperCase(Locale.ROOT), value));
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
