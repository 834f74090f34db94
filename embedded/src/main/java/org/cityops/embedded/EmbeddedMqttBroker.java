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
  private int serverReceiveMaximum = SERVER_RECEIVE_MAXIMUM;
  private int outgoingWindow = OUTGOING_WINDOW;
  private EmbeddedHiveMQ hiveMq;

  /**
   * How many QoS 1 messages a client may have sent the broker and not yet had acknowledged. HiveMQ
   * CE's default is 10: a publisher then waits for an acknowledgement every 10 messages, and QoS 1
   * tops out near 1,100 messages/s with the broker's CPU idle (DESIGN.md; {@code MqttQos1Benchmark}
   * measures it). 1,000 matches the bridge's own receive maximum.
   */
  public static final int SERVER_RECEIVE_MAXIMUM = 1_000;

  /**
   * How many QoS 1 messages the broker sends a client before it waits for their acknowledgements.
   * HiveMQ CE caps it at 50 whatever the client's receive maximum (an internal setting, not in
   * config.xml): a subscriber then gets about 1,100 messages/s at QoS 1, the broker's CPU idle
   * while acknowledgements come back. This was the limit DESIGN.md recorded; at 1,000 the same run
   * delivers 11,500-13,200 messages/s ({@code MqttQos1Benchmark}, BENCHMARKS.md). The bridge asks
   * for a receive maximum of 1,000 too.
   */
  public static final int OUTGOING_WINDOW = 1_000;

  /**
   * The same broker with another outgoing window (before {@link #start()}); HiveMQ keeps it in a
   * JVM-wide setting, so every embedded broker of the JVM gets the last one started.
   */
  public EmbeddedMqttBroker withOutgoingWindow(int messages) {
    if (messages < 1 || messages > 65_535) {
      throw new IllegalArgumentException("outgoing window must be 1..65535, was " + messages);
    }
    this.outgoingWindow = messages;
    return this;
  }

  /** The same broker with another server receive maximum (before {@link #start()}). */
  public EmbeddedMqttBroker withServerReceiveMaximum(int maximum) {
    if (maximum < 1 || maximum > 65_535) {
      throw new IllegalArgumentException("server receive maximum must be 1..65535, was " + maximum);
    }
    this.serverReceiveMaximum = maximum;
    return this;
  }

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
    // not in config.xml: HiveMQ reads these per poll of a client's queue
    com.hivemq.configuration.service.InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES =
        outgoingWindow;
    com.hivemq.configuration.service.InternalConfigurations.PUBLISH_POLL_BATCH_SIZE =
        outgoingWindow;
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
   * The broker's settings. The server receive maximum: see {@link #SERVER_RECEIVE_MAXIMUM}. Topic
   * aliases are off: Paho's Java MQTT 5 client (the bridge, the fan-out, the simulator) was seen to
   * send an alias the broker had not been told of while many publishes were in flight, and the
   * broker then disconnects it (reason 148).
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
            <receive-maximum>
              <server-receive-maximum>%d</server-receive-maximum>
            </receive-maximum>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port, serverReceiveMaximum);
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
