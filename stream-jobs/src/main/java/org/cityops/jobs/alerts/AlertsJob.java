package org.cityops.jobs.alerts;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cityops.events.CapAlert;
import org.cityops.events.CityStage;
import org.cityops.events.ControlMessage;
import org.cityops.events.Incident;
import org.cityops.events.PendingWarning;
import org.cityops.events.Rejected;
import org.cityops.jobs.incidents.CityStageFunction;
import org.cityops.jobs.incidents.StageRules;

/**
 * The alerts job's wiring: incident versions and operators' control messages, keyed by incident,
 * into the {@link WarningSequencer}; the same incidents into the city's stage. Sources and sinks
 * are bound by {@link AlertsJobMain} (Kafka) or by a test.
 */
public final class AlertsJob {
  private AlertsJob() {}

  /** What the job produces. */
  public record Outputs(
      DataStream<CapAlert> alerts,
      DataStream<PendingWarning> pending,
      DataStream<Rejected> rejected,
      DataStream<CityStage> stage) {}

  /** Incidents in the order of the versions' event times, late by at most the configured bound. */
  public static WatermarkStrategy<Incident> incidentWatermarks(AlertsJobConfig config) {
    return WatermarkStrategy.<Incident>forBoundedOutOfOrderness(config.outOfOrderness())
        .withTimestampAssigner((i, ts) -> i.updatedAt().toEpochMilli())
        .withIdleness(config.idleness());
  }

  /** Control messages are rare: idleness keeps a quiet console from stalling escalations. */
  public static WatermarkStrategy<ControlMessage> controlWatermarks(AlertsJobConfig config) {
    return WatermarkStrategy.<ControlMessage>forBoundedOutOfOrderness(config.outOfOrderness())
        .withTimestampAssigner((c, ts) -> c.at().toEpochMilli())
        .withIdleness(config.idleness());
  }

  public static Outputs wire(
      DataStream<Incident> incidents, DataStream<ControlMessage> controls, AlertsJobConfig config) {
    return wireInOrder(
        incidents
            .map(WarningInput::of)
            .returns(WarningInput.class)
            .name("incident versions")
            .union(
                controls
                    .map(WarningInput::of)
                    .returns(WarningInput.class)
                    .name("control messages")),
        incidents,
        config);
  }

  /**
   * The same from one stream of both, in the order given (a replay that interleaves approvals with
   * the incidents they approve), with {@code incidents} for the city's stage.
   */
  public static Outputs wireInOrder(
      DataStream<WarningInput> inputs, DataStream<Incident> incidents, AlertsJobConfig config) {
    SingleOutputStreamOperator<CapAlert> alerts =
        inputs
            .keyBy(WarningInput::incidentId)
            .process(new WarningSequencer(config.alerts(), config.roster()))
            .uid(AlertsJobUids.SEQUENCER)
            .name("warning sequencer");
    return new Outputs(
        alerts,
        alerts.getSideOutput(WarningSequencer.PENDING),
        alerts.getSideOutput(WarningSequencer.REJECTED),
        stage(incidents, config.stageRules()));
  }

  /** The city's operating stage from the same incidents (one key: the city). */
  public static DataStream<CityStage> stage(DataStream<Incident> incidents, StageRules rules) {
    return incidents
        .keyBy(i -> CityStageFunction.CITY)
        .process(new CityStageFunction(rules))
        .uid(AlertsJobUids.STAGE)
        .name("city stage");
  }
}
