package org.cityops.ingestion.simulator;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes at QoS 1 with a bounded number of messages in flight. Paho refuses a publish with
 * reason 32202 when its own in-flight window is full; the semaphore keeps us under that window and
 * a refusal is waited out and retried, never dropped.
 */
public final class MqttSink implements MessageSink, AutoCloseable {
  private static final int MAX_IN_FLIGHT = 500;

  private final MqttAsyncClient client;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public MqttSink(String serverUri, String clientId) throws MqttException {
    this(serverUri, clientId, null);
  }

  /**
   * @param login how to reach the broker (its trust, its account); null: anonymous
   */
  public MqttSink(String serverUri, String clientId, org.cityops.events.MqttAccess login)
      throws MqttException {
    client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    if (login != null) {
      login.applyTo(options::setUserName, options::setPassword, options::setSocketFactory);
    }
    options.setCleanStart(true);
    options.setAutomaticReconnect(true);
    options.setKeepAliveInterval(30);
    client.connect(options).waitForCompletion(30_000);
  }

  @Override
  public void publish(String topic, byte[] payload) throws Exception {
    Throwable earlier = failure.get();
    if (earlier != null) {
      throw new IllegalStateException("an earlier publish failed", earlier);
    }
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    while (true) {
      inFlight.acquire();
      try {
        client.publish(topic, message, null, new Release());
        return;
      } catch (MqttException e) {
        inFlight.release();
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
            && e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  /** Waits until every published message was acknowledged by the broker. */
  public void awaitAcknowledged(long timeout, TimeUnit unit) throws InterruptedException {
    if (!inFlight.tryAcquire(MAX_IN_FLIGHT, timeout, unit)) {
      throw new IllegalStateException(
          (MAX_IN_FLIGHT - inFlight.availablePermits())
              + " messages still unacknowledged by the broker");
    }
    inFlight.release(MAX_IN_FLIGHT);
  }

  @Override
  public void close() throws Exception {
    awaitAcknowledged(60, TimeUnit.SECONDS);
    client.disconnect().waitForCompletion(10_000);
    client.close();
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
