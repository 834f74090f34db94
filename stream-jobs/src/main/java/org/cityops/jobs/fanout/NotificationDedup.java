package org.cityops.jobs.fanout;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CapAlert;
import org.cityops.events.Notification;

/**
 * Per resident, one notification per CAP message (incident and version), however many places and
 * cells brought it. The ids of the messages sent are kept in checkpointed state (so a restart does
 * not send them again); the Cancel replaces the incident's earlier ids with its own, and every id
 * expires two days after it was written (state TTL), so the state follows the warnings in force. A
 * notification is built from the message alone: a re-send after a restart from an older checkpoint
 * is the same bytes, never a different notification for the same version.
 */
public final class NotificationDedup
    extends KeyedProcessFunction<String, ResidentAlert, PacedNotification> {
  private transient MapState<String, Boolean> sent; // CAP identifier

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<String, Boolean> descriptor =
        new MapStateDescriptor<>("sent-identifiers", Types.STRING, Types.BOOLEAN);
    // a message reaches a resident through several cells within moments; a memory of two days
    // outlasts any redelivery, and lets the ids of long-cancelled warnings go
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(java.time.Duration.ofDays(2))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    sent = getRuntimeContext().getMapState(descriptor);
  }

  @Override
  public void processElement(ResidentAlert in, Context ctx, Collector<PacedNotification> out)
      throws Exception {
    CapAlert a = in.alert();
    if (sent.contains(a.identifier())) {
      return;
    }
    CapAlert.Info info = a.info().get(0);
    out.collect(
        new PacedNotification(
            new Notification(
                in.residentId(),
                a.identifier(),
                a.incidentId(),
                a.incidentVersion(),
                a.msgType(),
                info.severity(),
                info.headline(),
                info.instruction(),
                a.sent(),
                info.area().get(0).areaDesc(),
                in.place()),
            in.pacing()));
    if (a.msgType() == CapAlert.MsgType.Cancel) {
      // the incident's earlier messages will not come again: keep only the Cancel's id
      List<String> ofIncident = new ArrayList<>();
      for (String id : sent.keys()) {
        if (id.startsWith(a.incidentId() + ":v")) {
          ofIncident.add(id);
        }
      }
      for (String id : ofIncident) {
        sent.remove(id);
      }
    }
    sent.put(a.identifier(), true);
  }
}
