package org.cityops.ingestion.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges MQTT to Kafka without losing a message. It subscribes at QoS 1 with a persistent session
 * and a shared subscription ({@code $share/<group>/...}, so several bridges split the load), and
 * acknowledges an MQTT message only after Kafka confirmed every record it produced (idempotent
 * producer, {@code acks=all}). A slow or absent Kafka therefore slows the bridge down: the producer
 * blocks, unacknowledged messages stay with the broker, and the broker stops sending once {@code
 * receiveMaximum} are in flight. After a reconnect the broker may redeliver: such messages are
 * forwarded again and counted; consumers deduplicate readings on (sensorId, time).
 */
public final class MqttKafkaBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttKafkaBridge.class);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

  private final BridgeConfig config;
  private final Clock clock;
  private final MessageRouter router;
  private final BridgeMetrics metrics = new BridgeMetrics();
  private final RecentKeys recentReadings = new RecentKeys(200_000);
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bridge-kafka-retry"));
  private ExecutorService sender;
  private KafkaProducer<String, byte[]> producer;
  private MqttAsyncClient mqtt;
  private OrderedAcks acks;
  private volatile boolean closing;

  public MqttKafkaBridge(BridgeConfig config) {
    this(config, Clock.systemUTC());
  }

  public MqttKafkaBridge(BridgeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Pseudonymizer pseudonymizer = Pseudonymizer.fromSecret(config.pseudonymKey());
    this.router = MessageRouter.create(config.limits(), pseudonymizer);
    if (BridgeConfig.DEV_PSEUDONYM_KEY.equals(config.pseudonymKey())) {
      LOG.warn(
          "Reporter pseudonyms use the development key; set CITYOPS_PSEUDONYM_KEY in production");
    }
  }

  public BridgeMetrics metrics() {
    return metrics;
  }

  /** Connects to Kafka and MQTT and starts bridging; returns once subscribed. */
  public synchronized MqttKafkaBridge start() throws MqttException {
    producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    // Bounded: when the sender falls this far behind, Paho's thread sends itself, which stops
    // reading from the broker (QoS 0 messages are not held back by the receive maximum).
    sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(2 * config.receiveMaximum()),
            r -> new Thread(r, "bridge-kafka-sender"),
            new ThreadPoolExecutor.CallerRunsPolicy());
    mqtt = new MqttAsyncClient(config.mqttServerUri(), config.clientId(), new MemoryPersistence());
    acks =
        new OrderedAcks(
            (id, qos) -> {
              try {
                mqtt.messageArrivedComplete(id, qos);
                metrics.acked.increment();
              } catch (MqttException e) {
                // The broker will redeliver after the reconnect: at-least-once still holds.
                LOG.warn("could not acknowledge MQTT message {}: {}", id, e.getMessage());
              }
            });
    mqtt.setManualAcks(true);
    mqtt.setCallback(new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 10);
    options.setReceiveMaximum(config.receiveMaximum());
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    mqtt.connect(options).waitForCompletion(30_000);
    subscribe();
    LOG.info(
        "Bridge {} forwarding {} from {} to Kafka {}",
        config.clientId(),
        config.topicFilters(),
        config.mqttServerUri(),
        config.kafkaBootstrapServers());
    return this;
  }

  private Map<String, Object> producerConfig() {
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, config.clientId()),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        // Never give up on a record: an outage blocks the bridge instead of losing data.
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000));
  }

  private void subscribe() throws MqttException {
    List<String> filters = config.topicFilters();
    MqttSubscription[] subscriptions = new MqttSubscription[filters.size()];
    for (int i = 0; i < filters.size(); i++) {
      subscriptions[i] =
          new MqttSubscription("$share/" + config.shareGroup() + "/" + filters.get(i), 1);
    }
    mqtt.subscribe(subscriptions).waitForCompletion(30_000);
  }

  private void onMessage(String topic, MqttMessage message) {
    metrics.received.increment();
    if (message.isDuplicate()) {
      metrics.redelivered.increment();
    }
    List<Routed> records = router.route(topic, message.getPayload(), clock.instant());
    OrderedAcks.Slot slot = acks.register(message.getId(), message.getQos(), records.size());
    records.forEach(this::count);
    // Paho's callback thread must not wait for Kafka: one sender thread hands the records over in
    // arrival order (so each sensor's readings stay in order) and may block while Kafka is away.
    sender.execute(
        () -> {
          for (Routed routed : records) {
            send(new ProducerRecord<>(routed.topic(), routed.key(), routed.value()), slot);
          }
        });
  }

  private void count(Routed routed) {
    switch (routed.kind()) {
      case READING -> {
        metrics.readings.increment();
        if (recentReadings.seenBefore(routed.dedupKey())) {
          metrics.duplicateReadings.increment();
        }
      }
      case REPORT -> metrics.reports.increment();
      case REJECTED -> {
        metrics.countRejected(routed.reason());
        LOG.debug("rejected {} from {}", routed.reason(), routed.key());
      }
    }
  }

  /**
   * Sends until Kafka confirms. A synchronous failure (metadata or buffer wait timed out while
   * Kafka is away) is retried here, which blocks MQTT delivery: that is the back-pressure.
   */
  private void send(ProducerRecord<String, byte[]> record, OrderedAcks.Slot slot) {
    while (!closing) {
      try {
        producer.send(
            record,
            (meta, error) -> {
              if (error == null) {
                slot.writeConfirmed();
              } else if (!closing) {
                metrics.kafkaRetries.increment();
                LOG.warn(
                    "Kafka refused a record for {}, retrying: {}",
                    record.topic(),
                    error.toString());
                try {
                  retries.schedule(
                      () -> send(record, slot), RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                  // closing: the message stays unacknowledged and the broker redelivers it
                }
              }
            });
        return;
      } catch (KafkaException e) {
        metrics.kafkaRetries.increment();
        LOG.warn("Kafka unavailable ({}); holding MQTT delivery and retrying", e.getMessage());
        sleep(RETRY_BACKOFF);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Messages received but not yet acknowledged (waiting for Kafka). */
  public int pendingAcks() {
    return acks == null ? 0 : acks.pending();
  }

  /** Waits for Kafka to confirm what is in flight, then disconnects. */
  @Override
  public synchronized void close() {
    // Hand over what is queued and confirm what is in flight first, so its acks reach the broker
    // before the disconnect; anything not acked by then is redelivered to the next bridge.
    if (sender != null) {
      sender.shutdown();
      try {
        sender.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closing = true;
    retries.shutdownNow();
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
    if (mqtt != null) {
      try {
        if (mqtt.isConnected()) {
          mqtt.disconnect().waitForCompletion(5_000);
        }
        mqtt.close(true);
      } catch (MqttException e) {
        LOG.debug("MQTT close: {}", e.getMessage());
      }
    }
    if (sender != null) {
      sender.shutdownNow();
    }
    LOG.info("Bridge {} stopped: {}", config.clientId(), metrics);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // Paho closes the connection when this throws: one bad message must not stop the bridge.
      // The message is then not acknowledged, so the broker delivers it again later.
      try {
        onMessage(topic, message);
      } catch (RuntimeException e) {
        metrics.failures.increment();
        LOG.error("could not bridge a message from {}; left unacknowledged", topic, e);
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("Bridge reconnected to {}", serverUri);
        try {
          subscribe(); // the broker may have lost the session; subscribing again is harmless
        } catch (MqttException e) {
          LOG.warn("re-subscribe failed: {}", e.getMessage());
        }
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closing) {
        LOG.warn("Bridge lost MQTT connection: {}", response.getReasonString());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
