package org.cityops.jobs.routes;

import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.cityops.events.Incident;
import org.cityops.events.RouteAdvice;
import org.cityops.events.Subscription;
import org.cityops.jobs.common.KafkaConnection;
import org.cityops.jobs.sinks.kafka.KafkaIo;
import org.cityops.jobs.sinks.mqtt.MqttPublishSink;

/**
 * Route advice wiring: the incidents operators work (traffic incidents and congestion), broadcast
 * to the residents' subscriptions keyed by resident; the advice goes to {@code city.route-advice}
 * and to each resident on MQTT {@code city/residents/<id>/routes}.
 */
public final class RouteAdvices {
  public static final String RESIDENT_TOPIC = "city/residents/%s/routes";
  public static final String UID = "routes-advice";
  public static final String KAFKA_SINK_UID = "routes-advice-kafka-sink";
  public static final String MQTT_SINK_UID = "routes-advice-mqtt-sink";

  private RouteAdvices() {}

  public static DataStream<RouteAdvice> wire(
      DataStream<Incident> incidents, DataStream<Subscription> subscriptions, RoutesConfig config) {
    BroadcastStream<Incident> conditions =
        incidents
            .filter(RoadCondition::concerns)
            .name("traffic incidents and congestion")
            .broadcast(RouteAdviceFunction.CONDITIONS);
    return subscriptions
        .keyBy(Subscription::residentId)
        .connect(conditions)
        .process(new RouteAdviceFunction(config))
        .uid(UID)
        .name("route advice");
  }

  public static void publish(
      DataStream<RouteAdvice> advice,
      KafkaConnection kafka,
      String mqttUri,
      org.cityops.events.MqttAccess login) {
    advice
        .sinkTo(
            KafkaIo.<RouteAdvice>jsonSink(
                kafka, org.cityops.events.Topics.ROUTE_ADVICE, RouteAdvice::residentId))
        .uid(KAFKA_SINK_UID)
        .name(org.cityops.events.Topics.ROUTE_ADVICE);
    if (mqttUri != null) {
      advice
          .sinkTo(
              new MqttPublishSink<>(
                  mqttUri,
                  login,
                  "cityops-routes",
                  MqttPublishSink.Message.json(RESIDENT_TOPIC, RouteAdvice::residentId)))
          .uid(MQTT_SINK_UID)
          .name("MQTT residents' routes");
    }
  }
}
