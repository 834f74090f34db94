package org.cityops.ingestion.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * (and optionally a shared subscription, {@code $share/<group>/...}, so several bridges split the
 * load), and acknowledges an MQTT message only after Kafka confirmed every record it produced
 * (idempotent producer, {@code acks=all}). The callback hands a message's records to the producer
 * and returns at once; {@link InOrderAcks} sends the acknowledgements, in arrival order, as Kafka
 * confirms. So up to the receive maximum of messages are on their way to Kafka at a time, instead
 * of one Kafka round trip per message. A slow or absent Kafka slows the bridge down: once the
 * receive maximum is reached the broker stops sending and keeps the rest; nothing is lost. After a
 * reconnect the broker redelivers what was not acknowledged: such messages are forwarded again and
 * counted; consumers deduplicate readings on (sensorId, time).
 */
public final class MqttKafkaBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttKafkaBridge.class);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

  private final BridgeConfig config;
  private final Clock clock;
  private final MessageRouter router;
  private final BridgeMetrics metrics = new BridgeMetrics();
  private final RecentKeys recentReadings = new RecentKeys(200_000);
  private KafkaProducer<String, byte[]> producer;
  private MqttAsyncClient mqtt;
  private InOrderAcks acks;
  private ScheduledExecutorService resends;
  private volatile boolean closing;

  public MqttKafkaBridge(BridgeConfig config) {
    this(config, Clock.systemUTC());
  }

  public MqttKafkaBridge(BridgeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Pseudonymizer pseudonymizer = Pseudonymizer.fromSecret(config.pseudonymKey());
    this.router = MessageRouter.create(config.limits(), pseudonymizer, config.rateLimits());
    if (BridgeConfig.DEV_PSEUDONYM_KEY.equals(config.pseudonymKey())) {
      LOG.warn(
          "Reporter pseudonyms use the development key; set CITYOPS_PSEUDONYM_KEY in production");
    }
  }

  public BridgeMetrics metrics() {
    return metrics;
  }

  /** The MQTT client id, which names this bridge in logs and in the time-series store. */
  public String clientId() {
    return config.clientId();
  }

  /** Connects to Kafka and MQTT and starts bridging; returns once subscribed. */
  public synchronized MqttKafkaBridge start() throws MqttException {
    producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    mqtt = new MqttAsyncClient(config.mqttServerUri(), config.clientId(), new MemoryPersistence());
    acks =
        new InOrderAcks(
            "bridge-acks-" + config.clientId(),
            mqtt::messageArrivedComplete,
            metrics.acked::increment);
    resends =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "bridge-resends-" + config.clientId());
              thread.setDaemon(true);
              return thread;
            });
    mqtt.setManualAcks(true);
    mqtt.setCallback(new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    if (config.mqttAccess() != null) {
      config
          .mqttAccess()
          .applyTo(options::setUserName, options::setPassword, options::setSocketFactory);
    }
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
        "Bridge {} forwarding {} from {} as {} to Kafka {}; rate limits: {}",
        config.clientId(),
        config.topicFilters(),
        config.mqttServerUri(),
        config.mqttAccess() == null ? "anonymous" : config.mqttAccess(),
        config.kafkaBootstrapServers(),
        config.rateLimits());
    return this;
  }

  /** The deployment's client properties (TLS, SASL), then the bridge's own, which win. */
  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new java.util.HashMap<>(this.config.kafkaClientProperties());
    config.putAll(ownProducerConfig());
    return config;
  }

  private Map<String, Object> ownProducerConfig() {
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
        // Many messages are in flight at once, so records batch up while earlier requests are out;
        // waiting on purpose would only add latency.
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000));
  }

  private void subscribe() throws MqttException {
    List<String> filters = config.topicFilters();
    MqttSubscription[] subscriptions = new MqttSubscription[filters.size()];
    for (int i = 0; i < filters.size(); i++) {
      subscriptions[i] =
          new MqttSubscription(
              config.shareGroup() == null
                  ? filters.get(i)
                  : "$share/" + config.shareGroup() + "/" + filters.get(i),
              1);
    }
    mqtt.subscribe(subscriptions).waitForCompletion(30_000);
  }

  /**
   * Runs on Paho's callback thread: routes the message, queues its acknowledgement behind those of
   * earlier messages, and hands its records to the producer without waiting for Kafka. Blocks only
   * while the producer cannot take a record (Kafka away and its buffer full, or no metadata yet).
   */
  private void onMessage(String topic, MqttMessage message) throws InterruptedException {
    metrics.received.increment();
    if (message.isDuplicate()) {
      metrics.redelivered.increment();
    }
    List<Routed> records;
    try {
      records = router.route(topic, message.getPayload(), clock.instant());
    } catch (RuntimeException e) {
      // A bug in a parser, not the sender's fault: delivering it again would fail again, so it is
      // acknowledged (in order) and logged, as Paho would acknowledge it without manual acks.
      metrics.failures.increment();
      LOG.error("could not route a message from {}; dropped", topic, e);
      acks.track(message.getId(), message.getQos(), 0);
      return;
    }
    records.forEach(this::count);
    InOrderAcks.Pending pending = acks.track(message.getId(), message.getQos(), records.size());
    for (Routed routed : records) {
      send(new ProducerRecord<>(routed.topic(), routed.key(), routed.value()), pending);
    }
  }

  /** Hands a record to the producer; when Kafka confirms it, counts it for its message's ack. */
  private void send(ProducerRecord<String, byte[]> record, InOrderAcks.Pending pending)
      throws InterruptedException {
    sendUntilAccepted(
        record,
        (metadata, error) -> {
          if (error == null) {
            pending.confirmed();
          } else {
            resendLater(record, pending, error);
          }
        });
  }

  /**
   * The producer gave up on a record (it retries on its own first, without a deadline): send it
   * again after a pause, off Kafka's I/O thread, unless the bridge is closing, in which case the
   * message stays unacknowledged with the broker.
   */
  private void resendLater(
      ProducerRecord<String, byte[]> record, InOrderAcks.Pending pending, Exception error) {
    metrics.kafkaRetries.increment();
    LOG.warn("Kafka refused a record for {}, retrying: {}", record.topic(), error.toString());
    if (closing) {
      return;
    }
    try {
      resends.schedule(
          () -> {
            try {
              send(record, pending);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          RETRY_BACKOFF.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("bridge closing; record for {} left with the broker", record.topic());
    }
  }

  /** Hands a record to the producer, retrying while it cannot take it (Kafka away, buffer full). */
  private void sendUntilAccepted(
      ProducerRecord<String, byte[]> record, org.apache.kafka.clients.producer.Callback callback)
      throws InterruptedException {
    while (true) {
      if (closing) {
        throw new InterruptedException("bridge closing");
      }
      try {
        producer.send(record, callback);
        return;
      } catch (KafkaException e) {
        metrics.kafkaRetries.increment();
        LOG.warn("Kafka unavailable ({}); holding MQTT delivery and retrying", e.getMessage());
        Thread.sleep(RETRY_BACKOFF.toMillis());
      }
    }
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

  /** Stops taking messages and disconnects; unconfirmed messages stay with the broker. */
  @Override
  public synchronized void close() {
    // Stop the callback's retry loops; a message not confirmed by Kafka is not acknowledged and
    // the broker delivers it again to the next bridge: at-least-once either way.
    closing = true;
    if (acks != null) {
      acks.close();
    }
    if (resends != null) {
      resends.shutdownNow();
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
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    LOG.info("Bridge {} stopped: {}", config.clientId(), metrics);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        onMessage(topic, message);
      } catch (InterruptedException e) {
        // closing: not acknowledged, so the broker keeps the message
        Thread.currentThread().interrupt();
        throw new IllegalStateException("bridge closing; message left with the broker", e);
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
      acks.connectionLost();
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
