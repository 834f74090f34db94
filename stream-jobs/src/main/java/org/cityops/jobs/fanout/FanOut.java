package org.cityops.jobs.fanout;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.CapAlert;
import org.cityops.events.CellWarnings;
import org.cityops.events.EventJson;
import org.cityops.events.Notification;
import org.cityops.events.NotificationDigest;
import org.cityops.events.Subscription;
import org.cityops.jobs.sinks.mqtt.MqttPublishSink;

/**
 * The resident fan-out's wiring: warnings and subscriptions routed to H3 cells, matched there,
 * deduplicated and paced per resident ({@link NotificationPacer}), and published over MQTT: each
 * resident's notifications on {@code city/residents/<residentId>/alerts} and digests of what was
 * held on {@code city/residents/<residentId>/digest}, each cell's warnings in force as the retained
 * message of {@code city/alerts/cells/<cell>}.
 */
public final class FanOut {
  public static final String RESIDENT_TOPIC = "city/residents/%s/alerts";
  public static final String CELL_TOPIC = "city/alerts/cells/%s";
  public static final String DIGEST_TOPIC = "city/residents/%s/digest";

  /** Notifications below Severe a resident gets in any hour unless they chose otherwise. */
  public static final int DEFAULT_MAX_PER_HOUR = 6;

  private FanOut() {}

  /** What the fan-out produces. */
  public record Outputs(
      DataStream<Notification> notifications,
      DataStream<NotificationDigest> digests,
      DataStream<CellWarnings> cells) {}

  public static Outputs wire(DataStream<CapAlert> alerts, DataStream<Subscription> subscriptions) {
    return wire(alerts, subscriptions, DEFAULT_MAX_PER_HOUR);
  }

  /**
   * @param maxPerHour notifications below Severe per resident and hour, for residents who did not
   *     choose their own pacing
   */
  public static Outputs wire(
      DataStream<CapAlert> alerts, DataStream<Subscription> subscriptions, int maxPerHour) {
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
    DataStream<PacedNotification> once =
        matched
            .keyBy(ResidentAlert::residentId)
            .process(new NotificationDedup())
            .uid(FanOutUids.DEDUP)
            .name("one notification per resident and message");
    SingleOutputStreamOperator<Notification> paced =
        once.keyBy(PacedNotification::residentId)
            .connect(subscriptions.keyBy(Subscription::residentId))
            .process(new NotificationPacer(maxPerHour))
            .uid(FanOutUids.PACER)
            .name("pace notifications below severe");
    return new Outputs(
        paced,
        paced.getSideOutput(NotificationPacer.DIGESTS),
        matched.getSideOutput(CellMatcher.CELL_WARNINGS));
  }

  /**
   * Subscriptions are not an event-time input: they never hold back the fan-out's timers (the
   * pacer's releases), whatever the residents' clocks say. Their watermark is the end of time.
   */
  public static WatermarkStrategy<Subscription> subscriptionWatermarks() {
    return WatermarkStrategy.forGenerator(
        context ->
            new WatermarkGenerator<Subscription>() {
              @Override
              public void onEvent(Subscription s, long timestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(
                    new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE));
              }
            });
  }

  /** Publishes the outputs to the broker at {@code mqttUri}, as {@code login} (null: anonymous). */
  public static void publish(Outputs out, String mqttUri, org.cityops.events.MqttAccess login) {
    out.notifications()
        .sinkTo(
            new MqttPublishSink<>(
                mqttUri,
                login,
                "cityops-fanout-residents",
                MqttPublishSink.Message.json(RESIDENT_TOPIC, Notification::residentId)))
        .uid(FanOutUids.RESIDENT_SINK)
        .name("MQTT residents");
    out.digests()
        .sinkTo(
            new MqttPublishSink<>(
                mqttUri,
                login,
                "cityops-fanout-digests",
                MqttPublishSink.Message.json(DIGEST_TOPIC, NotificationDigest::residentId)))
        .uid(FanOutUids.DIGEST_SINK)
        .name("MQTT residents' digests");
    out.cells()
        .sinkTo(new MqttPublishSink<>(mqttUri, login, "cityops-fanout-cells", new ToCell()))
        .uid(FanOutUids.CELL_SINK)
        .name("MQTT cells (retained)");
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
