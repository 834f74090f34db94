package org.cityops.jobs.alerts;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.events.CapAlert;
import org.cityops.events.CityStage;
import org.cityops.events.ControlMessage;
import org.cityops.events.ControlRecords;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.PendingWarning;
import org.cityops.events.Rejected;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParseJson;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.fanout.FanOut;
import org.cityops.jobs.fanout.FanOutUids;
import org.cityops.jobs.incidents.CityStageFunction;
import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.Measurements;
import org.cityops.jobs.sinks.kafka.KafkaIo;

/**
 * Binds the alerts job to Kafka: {@code city.detections} and {@code city.control} in; {@code
 * city.incidents} (keyed by incident), {@code city.alerts} (CAP 1.2 as JSON, keyed by incident),
 * {@code city.road-events} (Open511 road events of the warnings that affect roads), {@code
 * city.pending-warnings}, {@code city.stage} and {@code city.rejected} out; incidents and the stage
 * also to InfluxDB/QuestDB when {@code influx.*} is set; with {@code mqtt.server-uri}, residents'
 * subscriptions from {@code city.subscriptions} and their notifications over MQTT (see {@link
 * FanOut}). Settings ({@code --key value}): kafka.bootstrap-servers, kafka.group, kafka.bounded,
 * alerts.sender, alerts.sender-name, alerts.status, alerts.time-zone, alerts.language,
 * alerts.approval-from, alerts.approval-escalate-after, alerts.out-of-orderness,
 * alerts.control-idleness, alerts.idleness, control.roster, incidents.downgrade-hold,
 * incidents.cleared-retention, incidents.unfused, stage.{2..5}.min-severity,
 * stage.{2..5}.min-count, stage.downgrade-hold, influx.*, mqtt.server-uri, mqtt.username,
 * mqtt.password-file (else CITYOPS_MQTT_PASSWORD), mqtt.ca-file, checkpoint.*,
 * alerts.buffer-timeout.
 */
public final class AlertsJobMain {
  public static final String JOB_NAME = "cityops-alerts";

  private AlertsJobMain() {}

  public static void addTo(StreamExecutionEnvironment env, AlertsJobConfig config) {
    org.cityops.jobs.common.JobEnvironment.add(env, config.basics(), () -> wire(env, config));
  }

  private static void wire(StreamExecutionEnvironment env, AlertsJobConfig config) {
    ParseJson<Incident> parseDetections =
        new ParseJson<>(EventJson::readIncident, "flink:" + Topics.DETECTIONS);
    ParseJson<ControlMessage> parseControl =
        new ParseJson<>(EventJson::readControl, "flink:" + Topics.CONTROL)
            // rule changes share the topic: the rain job reads (and refuses) those
            .only(value -> !ControlRecords.isRuleChange(value));
    SingleOutputStreamOperator<Incident> detections =
        parsed(
            env,
            config,
            Topics.DETECTIONS,
            parseDetections,
            Incident.class,
            AlertsJobUids.DETECTIONS_SOURCE,
            AlertsJobUids.PARSE_DETECTIONS,
            "parse detections");
    SingleOutputStreamOperator<ControlMessage> controls =
        parsed(
            env,
            config,
            Topics.CONTROL,
            parseControl,
            ControlMessage.class,
            AlertsJobUids.CONTROL_SOURCE,
            AlertsJobUids.PARSE_CONTROL,
            "parse control messages");
    AlertsJob.Outputs out =
        AlertsJob.wire(
            detections.assignTimestampsAndWatermarks(AlertsJob.liveDetectionWatermarks(config)),
            controls.assignTimestampsAndWatermarks(AlertsJob.liveControlWatermarks(config)),
            config);
    out.incidents()
        .sinkTo(KafkaIo.<Incident>jsonSink(config.kafka(), Topics.INCIDENTS, Incident::incidentId))
        .uid(AlertsJobUids.INCIDENTS_SINK)
        .name(Topics.INCIDENTS);
    out.alerts()
        .sinkTo(KafkaIo.<CapAlert>jsonSink(config.kafka(), Topics.ALERTS, CapAlert::incidentId))
        .uid(AlertsJobUids.ALERTS_SINK)
        .name(Topics.ALERTS);
    out.alerts()
        .flatMap(new RoadEvents(config.alerts()))
        .uid(AlertsJobUids.ROAD_EVENTS)
        .name("Open511 road events")
        .sinkTo(
            KafkaIo.<org.cityops.events.RoadEvent>jsonSink(
                config.kafka(), Topics.ROAD_EVENTS, org.cityops.events.RoadEvent::id))
        .uid(AlertsJobUids.ROAD_EVENTS_SINK)
        .name(Topics.ROAD_EVENTS);
    out.pending()
        .sinkTo(
            KafkaIo.<PendingWarning>jsonSink(
                config.kafka(), Topics.PENDING_WARNINGS, PendingWarning::incidentId))
        .uid(AlertsJobUids.PENDING_SINK)
        .name(Topics.PENDING_WARNINGS);
    out.stage()
        .sinkTo(
            KafkaIo.<CityStage>jsonSink(config.kafka(), Topics.STAGE, c -> CityStageFunction.CITY))
        .uid(AlertsJobUids.STAGE_SINK)
        .name(Topics.STAGE);
    if (config.influx() != null) {
      out.incidents()
          .sinkTo(new InfluxSink<>(config.influx(), Measurements.incidents()))
          .uid(AlertsJobUids.INCIDENTS_STORE)
          .name("store incidents");
      out.stage()
          .sinkTo(new InfluxSink<>(config.influx(), Measurements.cityStage()))
          .uid(AlertsJobUids.STAGE_STORE)
          .name("store city stage");
    }
    DataStream<Rejected> rejected =
        out.rejected()
            .union(
                detections.getSideOutput(parseDetections.rejected()),
                controls.getSideOutput(parseControl.rejected()));
    if (config.mqttServerUri() != null) {
      ParseJson<Subscription> parseSubscriptions =
          new ParseJson<>(EventJson::readSubscription, "flink:" + Topics.SUBSCRIPTIONS);
      SingleOutputStreamOperator<Subscription> subscriptions =
          parsed(
              env,
              config,
              Topics.SUBSCRIPTIONS,
              parseSubscriptions,
              Subscription.class,
              FanOutUids.SUBSCRIPTIONS_SOURCE,
              FanOutUids.PARSE_SUBSCRIPTIONS,
              "parse subscriptions");
      DataStream<Subscription> timedSubscriptions =
          subscriptions.assignTimestampsAndWatermarks(FanOut.subscriptionWatermarks());
      FanOut.publish(
          FanOut.wire(out.alerts(), timedSubscriptions, config.maxNotificationsPerHour()),
          config.mqttServerUri(),
          config.mqttAccess());
      // better routes for residents' commutes around what blocks or slows them
      org.cityops.jobs.routes.RouteAdvices.publish(
          org.cityops.jobs.routes.RouteAdvices.wire(
              out.incidents(), timedSubscriptions, config.routes()),
          config.kafka(),
          config.mqttServerUri(),
          config.mqttAccess());
      rejected = rejected.union(subscriptions.getSideOutput(parseSubscriptions.rejected()));
    }
    rejected
        .map(new org.cityops.jobs.common.RejectionCounter())
        .uid(AlertsJobUids.REJECTED_COUNTER)
        .name("count rejections")
        .sinkTo(KafkaIo.<Rejected>jsonSink(config.kafka(), Topics.REJECTED, Rejected::source))
        .uid(AlertsJobUids.REJECTED_SINK)
        .name(Topics.REJECTED);
  }

  /** A topic's records, parsed and validated; what does not parse goes to {@code parse}'s side. */
  private static <T> SingleOutputStreamOperator<T> parsed(
      StreamExecutionEnvironment env,
      AlertsJobConfig config,
      String topic,
      ParseJson<T> parse,
      Class<T> type,
      String sourceUid,
      String parseUid,
      String name) {
    return env.fromSource(
            KafkaIo.rawSource(config.kafka(), topic, config.consumerGroup(), config.boundedInput()),
            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
            topic)
        .uid(sourceUid)
        .process(parse)
        .returns(type)
        .uid(parseUid)
        .name(name);
  }

  public static void main(String[] args) throws Exception {
    AlertsJobConfig config = AlertsJobConfig.from(Settings.fromArgs(args));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            org.cityops.jobs.common.PipelineDefaults.applyTo(
                new org.apache.flink.configuration.Configuration()));
    addTo(env, config);
    env.execute(JOB_NAME);
  }
}
