package org.cityops.console;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.Topics;

/**
 * Sends what people do to Kafka: operators' actions to {@code city.control}, keyed by incident so
 * each incident's actions stay in order; engineers' rule changes to the same topic, keyed by rule
 * id (only the console may write it); residents' subscriptions to {@code city.subscriptions}, keyed
 * by resident. A send returns only once Kafka has the record, so the person is told the truth (an
 * outage is an error on the screen, not a lost action).
 */
public final class Publisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public Publisher(String bootstrapServers, Map<String, String> clientProperties) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "cityops-console-control");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Kafka did not take an action in time: the operator must know it was not sent. */
  public static final class NotSent extends RuntimeException {
    NotSent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @throws NotSent when Kafka did not take it within 10 s
   */
  public void send(ControlMessage message) {
    send(Topics.CONTROL, message.incidentId(), EventJson.write(message.validate()));
  }

  /**
   * @throws NotSent when Kafka did not take it within 10 s
   */
  public void send(org.cityops.events.RainRuleChange change) {
    send(Topics.CONTROL, change.ruleId(), EventJson.write(change.validate()));
  }

  /**
   * @throws NotSent when Kafka did not take it within 10 s
   */
  public void send(org.cityops.events.Subscription subscription) {
    send(Topics.SUBSCRIPTIONS, subscription.residentId(), EventJson.write(subscription.validate()));
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotSent("interrupted while sending to " + topic, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new NotSent("not sent: Kafka did not take it (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
