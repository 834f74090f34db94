package org.cityops.jobs.fanout;

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
 * Per resident, one notification per CAP message, however many places and cells brought it, and
 * never one older than what the resident already has: the highest version of each incident sent to
 * the resident is kept in checkpointed state (a restart does not send it again), and a message of
 * that version or older is dropped. Cells deliver in no common order, so an incident's Alert can
 * reach the resident through a second cell after its Cancel came through the first: it must not
 * then warn again. An incident's entry expires two days after its last message (state TTL). A
 * notification is built from the message alone: a re-send after a restart from an older checkpoint
 * is the same bytes, never a different notification for the same version.
 */
public final class NotificationDedup
    extends KeyedProcessFunction<String, ResidentAlert, PacedNotification> {
  private transient MapState<String, Long> sent; // incident -> highest version sent

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<String, Long> descriptor =
        new MapStateDescriptor<>("sent-versions", Types.STRING, Types.LONG);
    // a message reaches a resident through several cells within moments; a memory of two days
    // outlasts any redelivery, and lets long-cancelled warnings go
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
    Long highest = sent.get(a.incidentId());
    if (highest != null && highest >= a.incidentVersion()) {
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
    sent.put(a.incidentId(), a.incidentVersion());
  }
}
