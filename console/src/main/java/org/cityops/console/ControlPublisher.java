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
 * Sends operators' actions to {@code city.control}, keyed by incident so each incident's actions
 * stay in order. A send returns only once Kafka has the message, so the operator is told the truth
 * (an outage is an error on the screen, not a lost action).
 */
public final class ControlPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public ControlPublisher(String bootstrapServers, Map<String, String> clientProperties) {
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
    try {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.CONTROL, message.incidentId(), EventJson.write(message.validate())))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotSent("interrupted while sending to " + Topics.CONTROL, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new NotSent(
          "the action was not sent: Kafka did not take it (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
