package org.cityops.ingestion.replay;

import java.util.concurrent.TimeUnit;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.MqttSink;

/**
 * Publishes each reading as its sensor would: native JSON at QoS 1 on {@code
 * city/sensors/<kind>/<sensorId>}. Nothing is judged here; the bridge does that, so a replay tests
 * the whole intake path.
 */
public final class MqttReadingSink implements ReadingSink {
  private final MqttSink mqtt;

  public MqttReadingSink(String serverUri, String clientId, org.cityops.events.MqttAccess login)
      throws Exception {
    this.mqtt = new MqttSink(serverUri, clientId, login);
  }

  @Override
  public void send(Reading reading) throws Exception {
    mqtt.publish(SensorTopic.of(reading.kind(), reading.sensorId()), EventJson.write(reading));
  }

  @Override
  public void close() throws Exception {
    mqtt.awaitAcknowledged(60, TimeUnit.SECONDS);
    mqtt.close();
  }
}
