package org.cityops.jobs.sinks.mqtt;

import java.io.IOException;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes each element to MQTT at QoS 1, at least once: a checkpoint completes only after the
 * broker acknowledged everything published before it, so after a restart nothing is missing and
 * whatever is published twice is the same bytes (consumers deduplicate on the message's id). MQTT
 * cannot join a Flink transaction; this is the delivery CityOps promises residents.
 *
 * @param <T> the element
 */
public final class MqttPublishSink<T> implements Sink<T> {
  /** How an element becomes an MQTT message. */
  public interface Message<T> extends Serializable {
    String topic(T element);

    byte[] payload(T element);

    /** Retained: the broker keeps the topic's last message for every new subscriber. */
    default boolean retained(T element) {
      return false;
    }

    /**
     * The element as CityOps JSON, not retained, on {@code topicFormat} filled with what {@code
     * topicPart} takes from it (e.g. {@code city/residents/%s/alerts} and the resident's id).
     */
    static <T> Message<T> json(
        String topicFormat,
        org.apache.flink.util.function.SerializableFunction<T, String> topicPart) {
      return new Message<>() {
        @Override
        public String topic(T element) {
          return String.format(topicFormat, topicPart.apply(element));
        }

        @Override
        public byte[] payload(T element) {
          return org.cityops.events.EventJson.write(element);
        }
      };
    }
  }

  private static final int MAX_IN_FLIGHT = 500;
  private final String serverUri;
  private final org.cityops.events.MqttAccess login;
  private final String clientIdPrefix;
  private final Message<T> message;

  public MqttPublishSink(String serverUri, String clientIdPrefix, Message<T> message) {
    this(serverUri, null, clientIdPrefix, message);
  }

  /**
   * @param login the broker account to publish as (its password is read when each writer connects,
   *     on the task manager); null: anonymous
   */
  public MqttPublishSink(
      String serverUri,
      org.cityops.events.MqttAccess login,
      String clientIdPrefix,
      Message<T> message) {
    this.serverUri = serverUri;
    this.login = login;
    this.clientIdPrefix = clientIdPrefix;
    this.message = message;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    String clientId =
        clientIdPrefix
            + "-"
            + context.getTaskInfo().getIndexOfThisSubtask()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    try {
      return new Writer<>(serverUri, login, clientId, message);
    } catch (MqttException e) {
      throw new IOException("cannot connect to the MQTT broker at " + serverUri, e);
    }
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private final MqttAsyncClient client;
    private final Message<T> message;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Writer(
        String serverUri, org.cityops.events.MqttAccess login, String clientId, Message<T> message)
        throws MqttException {
      this.message = message;
      client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      if (login != null) {
        login.applyTo(options::setUserName, options::setPassword, options::setSocketFactory);
      }
      options.setCleanStart(true);
      options.setAutomaticReconnect(true);
      client.connect(options).waitForCompletion(30_000);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
      Throwable earlier = failure.get();
      if (earlier != null) {
        throw new IOException("an earlier MQTT publish failed", earlier);
      }
      MqttMessage m = new MqttMessage(message.payload(element));
      m.setQos(1);
      m.setRetained(message.retained(element));
      String topic = message.topic(element);
      while (true) {
        inFlight.acquire();
        try {
          client.publish(topic, m, null, new Release());
          return;
        } catch (MqttException e) {
          inFlight.release();
          if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
              && e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
            throw new IOException("MQTT publish to " + topic + " failed", e);
          }
          Thread.sleep(5);
        }
      }
    }

    /** Waits until the broker acknowledged every message; a checkpoint waits for this. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 120, TimeUnit.SECONDS)) {
        throw new IOException(
            (MAX_IN_FLIGHT - inFlight.availablePermits()) + " MQTT messages unacknowledged");
      }
      inFlight.release(MAX_IN_FLIGHT);
      Throwable earlier = failure.get();
      if (earlier != null) {
        throw new IOException("an MQTT publish failed", earlier);
      }
    }

    @Override
    public void close() throws Exception {
      try {
        client.disconnect().waitForCompletion(10_000);
      } finally {
        client.close();
      }
    }

    private final class Release implements MqttActionListener {
      @Override
      public void onSuccess(IMqttToken token) {
        inFlight.release();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable exception) {
        failure.compareAndSet(null, exception);
        inFlight.release();
      }
    }
  }
}
