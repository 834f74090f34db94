package org.cityops.jobs.fanout;

import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.CapAlert;
import org.cityops.events.CellWarnings;
import org.cityops.events.EventJson;
import org.cityops.events.Notification;
import org.cityops.events.Subscription;
import org.cityops.jobs.sinks.mqtt.MqttPublishSink;

/**
 * The resident fan-out's wiring: warnings and subscriptions routed to H3 cells, matched there,
 * deduplicated per resident, and published over MQTT: each resident's notifications on {@code
 * city/residents/<residentId>/alerts}, each cell's warnings in force as the retained message of
 * {@code city/alerts/cells/<cell>}.
 */
public final class FanOut {
  public static final String RESIDENT_TOPIC = "city/residents/%s/alerts";
  public static final String CELL_TOPIC = "city/alerts/cells/%s";

  private FanOut() {}

  /** What the fan-out produces. */
  public record Outputs(DataStream<Notification> notifications, DataStream<CellWarnings> cells) {}

  public static Outputs wire(DataStream<CapAlert> alerts, DataStream<Subscription> subscriptions) {
    DataStream<AlertInCell> alertCells =
        alerts
            .keyBy(CapAlert::incidentId)
            .process(new AlertRouting())
            .uid(FanOutUids.ALERT_ROUTING)
            .name("warnings to cells");
    DataStream<SubscriptionInCell> subscriptionCells =
        subscriptions
            .keyBy(Subscription::residentId)
            .process(new SubscriptionRouting())
            .uid(FanOutUids.SUBSCRIPTION_ROUTING)
            .name("subscriptions to cells");
    SingleOutputStreamOperator<ResidentAlert> matched =
        alertCells
            .keyBy(AlertInCell::cell)
            .connect(subscriptionCells.keyBy(SubscriptionInCell::cell))
            .process(new CellMatcher())
            .uid(FanOutUids.CELL_MATCHER)
            .name("match warnings and places per cell");
    DataStream<Notification> notifications =
        matched
            .keyBy(ResidentAlert::residentId)
            .process(new NotificationDedup())
            .uid(FanOutUids.DEDUP)
            .name("one notification per resident and message");
    return new Outputs(notifications, matched.getSideOutput(CellMatcher.CELL_WARNINGS));
  }

  /** Publishes both outputs to the broker at {@code mqttUri}. */
  public static void publish(Outputs out, String mqttUri) {
    out.notifications()
        .sinkTo(new MqttPublishSink<>(mqttUri, "cityops-fanout-residents", new ToResident()))
        .uid(FanOutUids.RESIDENT_SINK)
        .name("MQTT residents");
    out.cells()
        .sinkTo(new MqttPublishSink<>(mqttUri, "cityops-fanout-cells", new ToCell()))
        .uid(FanOutUids.CELL_SINK)
        .name("MQTT cells (retained)");
  }

  static final class ToResident implements MqttPublishSink.Message<Notification> {
    @Override
    public String topic(Notification n) {
      return String.format(RESIDENT_TOPIC, n.residentId());
    }

    @Override
    public byte[] payload(Notification n) {
      return EventJson.write(n);
    }
  }

  static final class ToCell implements MqttPublishSink.Message<CellWarnings> {
    @Override
    public String topic(CellWarnings c) {
      return String.format(CELL_TOPIC, c.cell());
    }

    @Override
    public byte[] payload(CellWarnings c) {
      return EventJson.writeString(c).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean retained(CellWarnings c) {
      return true;
    }
  }
}
