package org.cityops.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE (MQTT 3.1.1 and 5) in this JVM, on a loopback port. Sessions and queued QoS 1 messages
 * persist in {@code dataDir}, so a stop and start on the same instance keeps persistent sessions,
 * as a real broker restart would. Usage statistics are switched off.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

  private final Path baseDir;
  private final int port;
  private final boolean ownsDir;
  private EmbeddedHiveMQ hiveMq;

  public EmbeddedMqttBroker() {
    this(Dirs.temp("cityops-mqtt-"), FreePorts.next(), true);
  }

  public EmbeddedMqttBroker(Path baseDir, int port) {
    this(baseDir, port, false);
  }

  private EmbeddedMqttBroker(Path baseDir, int port, boolean ownsDir) {
    this.baseDir = baseDir;
    this.port = port;
    this.ownsDir = ownsDir;
  }

  public synchronized EmbeddedMqttBroker start() {
    if (hiveMq != null) {
      return this;
    }
    Path conf = Dirs.create(baseDir.resolve("conf"));
    writeConfig(conf);
    hiveMq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Dirs.create(baseDir.resolve("data")))
            .withExtensionsFolder(Dirs.create(baseDir.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    try {
      hiveMq.start().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the embedded MQTT broker did not start on port " + port, e);
    }
    LOG.info("MQTT broker (HiveMQ CE) listening on {}", serverUri());
    return this;
  }

  /**
   * The broker's settings. Topic aliases are off: Paho's Java MQTT 5 client (the bridge, the
   * fan-out, the simulator) was seen to send an alias the broker had not been told of while many
   * publishes were in flight, and the broker then disconnects it (reason 148).
   */
  private void writeConfig(Path conf) {
    String xml =
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>100000</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <session-expiry>
              <max-interval>86400</max-interval>
            </session-expiry>
            <topic-alias>
              <enabled>false</enabled>
            </topic-alias>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port);
    try {
      Files.writeString(conf.resolve("config.xml"), xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the broker but keeps its data folder, so {@link #start()} brings back the sessions. */
  public synchronized void stop() {
    if (hiveMq == null) {
      return;
    }
    try {
      hiveMq.stop().get(60, TimeUnit.SECONDS);
      hiveMq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("MQTT broker did not stop cleanly", e);
    } finally {
      hiveMq = null;
    }
  }

  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stop();
    if (ownsDir) {
      Dirs.deleteQuietly(baseDir);
    }
  }
}
