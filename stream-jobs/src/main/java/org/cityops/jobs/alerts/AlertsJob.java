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
import org.cityops.jobs.common.LiveWatermarks;
import org.cityops.jobs.incidents.CityStageFunction;
import org.cityops.jobs.incidents.IncidentLifecycle;
import org.cityops.jobs.incidents.LifecycleConfig;
import org.cityops.jobs.incidents.LifecycleInput;
import org.cityops.jobs.incidents.StageRules;

/**
 * The alerts job's wiring: the detectors' incidents and the operators' actions, keyed by incident
 * kind, into the {@link IncidentLifecycle} (fusion, acknowledgement, assignment, closing); the
 * incidents it makes, with the supervisors' approvals keyed by incident, into the {@link
 * WarningSequencer}; the same incidents into the city's stage. Sources and sinks are bound by
 * {@link AlertsJobMain} (Kafka) or by a test.
 */
public final class AlertsJob {
  private AlertsJob() {}

  /** What the job produces. */
  public record Outputs(
      DataStream<Incident> incidents,
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

  /**
   * Detections from Kafka, live: as {@link #incidentWatermarks}, but event time flows on with the
   * wall clock once the detections pause for {@code alerts.idleness} ({@link LiveWatermarks}), so
   * the last detection before a quiet spell is not held until the next one.
   */
  public static WatermarkStrategy<Incident> liveDetectionWatermarks(AlertsJobConfig config) {
    return LiveWatermarks.strategy(
        config.outOfOrderness(), config.idleness(), (i, ts) -> i.updatedAt().toEpochMilli());
  }

  /**
   * Operators' actions from Kafka, live: a console quiet for {@code alerts.control-idleness} (2 s)
   * follows the wall clock, so it neither stalls escalations nor holds the incidents back (the
   * lifecycle takes its inputs when the watermark of both passes them).
   */
  public static WatermarkStrategy<ControlMessage> liveControlWatermarks(AlertsJobConfig config) {
    return LiveWatermarks.strategy(
        config.outOfOrderness(), config.controlIdleness(), (c, ts) -> c.at().toEpochMilli());
  }

  public static Outputs wire(
      DataStream<Incident> detections,
      DataStream<ControlMessage> controls,
      AlertsJobConfig config) {
    SingleOutputStreamOperator<Incident> incidents =
        incidents(detections, controls, config.lifecycle());
    Outputs warned =
        wireInOrder(
            incidents
                .map(WarningInput::of)
                .returns(WarningInput.class)
                .name("incident versions")
                .union(
                    controls
                        .filter(c -> c.action() == ControlMessage.Action.APPROVE_WARNING)
                        .name("approvals")
                        .map(WarningInput::of)
                        .returns(WarningInput.class)
                        .name("approval messages")),
            incidents,
            config);
    return new Outputs(
        incidents,
        warned.alerts(),
        warned.pending(),
        warned.rejected().union(incidents.getSideOutput(IncidentLifecycle.REJECTED)),
        warned.stage());
  }

  /**
   * The incidents operators work, from the detectors' own and the operators' actions (approvals
   * excepted: they are the warnings' business; null: no actions, as in a backtest).
   */
  public static SingleOutputStreamOperator<Incident> incidents(
      DataStream<Incident> detections,
      DataStream<ControlMessage> controls,
      LifecycleConfig config) {
    DataStream<LifecycleInput> inputs =
        detections.map(LifecycleInput::of).returns(LifecycleInput.class).name("detections");
    if (controls != null) {
      inputs =
          inputs.union(
              controls
                  .filter(c -> c.action() != ControlMessage.Action.APPROVE_WARNING)
                  .name("incident actions")
                  .map(LifecycleInput::of)
                  .returns(LifecycleInput.class)
                  .name("actions"));
    }
    return inputs
        .keyBy(LifecycleInput::kind)
        .process(new IncidentLifecycle(config))
        .uid(AlertsJobUids.LIFECYCLE)
        .name("incident lifecycle");
  }

  /**
   * Warnings and the stage from incidents already managed and approvals, in one stream in the order
   * given (a replay that interleaves approvals with the incidents they approve), with {@code
   * incidents} for the city's stage. Its {@code incidents} output is {@code incidents} itself.
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
        incidents,
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
