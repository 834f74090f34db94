package org.cityops.bench;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.cityops.events.EventJson;
import org.cityops.events.Notification;
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

/**
 * Every resident's notification as it arrives over MQTT ({@code city/residents/+/alerts}), traced
 * to the reading whose sum raised its warning: the gauge from the incident id ({@code
 * <type>:<gaugeId>:<opened>}), the step from the CAP message's {@code sent}, which is the incident
 * version's event time. Each notification is one sample (a warning reaching three residents is
 * three). What cannot be traced (another kind of incident) is counted apart.
 */
final class NotificationWatcher implements AutoCloseable {
  /** The watcher's MQTT client id (the residents' side of the run, not a part of the path). */
  static final String CLIENT_ID = "bench-residents";

  private final MqttAsyncClient client;
  private final Latencies latencies;
  private final AtomicLong untraced = new AtomicLong();

  NotificationWatcher(String mqttUri, PublishLog log, int levels) throws MqttException {
    this.latencies = new Latencies(log, levels);
    this.client = new MqttAsyncClient(mqttUri, CLIENT_ID, new MemoryPersistence());
  }

  NotificationWatcher start() throws MqttException {
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            take(message.getPayload(), System.currentTimeMillis());
          }

          @Override
          public void disconnected(MqttDisconnectResponse response) {}

          @Override
          public void mqttErrorOccurred(MqttException exception) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setReceiveMaximum(1_000);
    client.connect(options).waitForCompletion(30_000);
    client.subscribe(new MqttSubscription("city/residents/+/alerts", 1)).waitForCompletion(30_000);
    return this;
  }

  private void take(byte[] payload, long arrivedMillis) {
    Notification n;
    try {
      n = EventJson.read(payload, Notification.class, v -> v);
    } catch (RuntimeException notANotification) {
      untraced.incrementAndGet();
      return;
    }
    String[] id = n.incidentId().split(":");
    int gauge = id.length == 3 ? LatencyWatcher.gaugeOf(id[1]) : -1;
    if (gauge < 0 || n.sent() == null) {
      untraced.incrementAndGet();
      return;
    }
    long step =
        LatencyWatcher.stepOf(
            OffsetDateTime.parse(n.sent()).toInstant(),
            SyntheticStorms.FIRST_STEP,
            PipelineCommand.STEP);
    latencies.record(step, gauge, arrivedMillis);
  }

  long count(int level) {
    return latencies.count(level);
  }

  long untraced() {
    return untraced.get();
  }

  Histogram histogram(int level) {
    return latencies.histogram(level);
  }

  @Override
  public void close() throws MqttException {
    client.disconnect().waitForCompletion(10_000);
    client.close();
  }
}
