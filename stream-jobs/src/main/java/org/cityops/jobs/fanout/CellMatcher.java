package org.cityops.jobs.fanout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CapAlert;
import org.cityops.events.CellWarnings;
import org.cityops.events.EventJson;
import org.cityops.events.Subscription;
import org.cityops.jobs.common.BoundedMemo;

/**
 * Per H3 cell, where warnings meet residents' places.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Keeps the warnings in force in the cell (the newest message of each incident, until its
 *       Cancel or until its area leaves the cell) and the subscriptions whose places touch it (the
 *       newest per resident, until it is withdrawn or its places leave the cell). Older versions
 *       than those kept are ignored, so repeated input changes nothing.
 *   <li>A message whose area touches a subscribed place of a wanted kind yields a {@link
 *       ResidentAlert} for that resident (the Cancel too: the all-clear); a new subscription yields
 *       one for each warning in force that concerns it. The same message may reach a resident from
 *       several cells; {@link NotificationDedup} keeps one.
 *   <li>Each change of the warnings in force publishes the cell's whole list on {@link
 *       #CELL_WARNINGS} (empty when the last one ends), sorted by incident: the retained MQTT
 *       message of the cell.
 *   <li>State empties itself: a cell without warnings or subscribers keeps nothing.
 * </ul>
 */
public final class CellMatcher
    extends KeyedCoProcessFunction<String, AlertInCell, SubscriptionInCell, ResidentAlert> {
  public static final OutputTag<CellWarnings> CELL_WARNINGS =
      new OutputTag<>("cell-warnings", TypeInformation.of(CellWarnings.class));

  private transient MapState<String, String> inForce; // incidentId -> CapAlert JSON
  private transient MapState<String, String> subscribers; // residentId -> Subscription JSON

  /**
   * The warnings and subscriptions of the state, parsed: each message lists its cell's warnings and
   * reads its subscribers. One warning is in force in many cells, as the same text.
   */
  private transient BoundedMemo<String, CapAlert> alerts;

  private transient BoundedMemo<String, Subscription> subscriptions;

  /** Parsed values kept per instance: the warnings in force across its cells, and residents. */
  static final int PARSED_KEPT = 1_024;

  @Override
  public void open(OpenContext openContext) {
    alerts =
        BoundedMemo.of(
            json -> EventJson.readAlert(json.getBytes(StandardCharsets.UTF_8)), PARSED_KEPT);
    subscriptions =
        BoundedMemo.of(
            json -> EventJson.readSubscription(json.getBytes(StandardCharsets.UTF_8)), PARSED_KEPT);
    inForce =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("warnings-in-force", Types.STRING, Types.STRING));
    subscribers =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("subscribers", Types.STRING, Types.STRING));
  }

  @Override
  public void processElement1(AlertInCell in, Context ctx, Collector<ResidentAlert> out)
      throws Exception {
    CapAlert alert = in.alert();
    String keptJson = inForce.get(alert.incidentId());
    CapAlert kept = keptJson == null ? null : readAlert(keptJson);
    if (kept != null && kept.incidentVersion() >= alert.incidentVersion()) {
      return;
    }
    boolean staysInForce = in.covered() && alert.msgType() != CapAlert.MsgType.Cancel;
    if (staysInForce) {
      inForce.put(alert.incidentId(), EventJson.writeString(alert));
    } else if (kept == null && alert.msgType() == CapAlert.MsgType.Cancel) {
      // a Cancel for a cell that never held the warning: nothing to undo here
    } else {
      inForce.remove(alert.incidentId());
    }
    ctx.output(CELL_WARNINGS, cellWarnings(ctx.getCurrentKey()));
    // residents hear of the message if it, or the warning it replaces, touches their place
    WarningArea area = WarningArea.of(alert);
    WarningArea before = kept == null ? null : WarningArea.of(kept);
    for (Map.Entry<String, String> e : subscribers.entries()) {
      Subscription s = readSubscription(e.getValue());
      Subscription.Place place = area.concerns(s, alert);
      if (place == null && before != null) {
        place = before.concerns(s, alert);
      }
      if (place != null) {
        out.collect(new ResidentAlert(s.residentId(), alert, place.name(), s.pacing()));
      }
    }
  }

  @Override
  public void processElement2(SubscriptionInCell in, Context ctx, Collector<ResidentAlert> out)
      throws Exception {
    Subscription s = in.subscription();
    String keptJson = subscribers.get(s.residentId());
    if (keptJson != null && readSubscription(keptJson).updatedAt().isAfter(s.updatedAt())) {
      return;
    }
    if (!in.covered() || !s.active()) {
      subscribers.remove(s.residentId());
      return;
    }
    subscribers.put(s.residentId(), EventJson.writeString(s));
    for (String json : inForce.values()) {
      CapAlert alert = readAlert(json);
      Subscription.Place place = WarningArea.of(alert).concerns(s, alert);
      if (place != null) {
        out.collect(new ResidentAlert(s.residentId(), alert, place.name(), s.pacing()));
      }
    }
  }

  private CellWarnings cellWarnings(String cell) throws Exception {
    Map<String, CellWarnings.Warning> sorted = new TreeMap<>();
    for (String json : inForce.values()) {
      CapAlert a = readAlert(json);
      sorted.put(
          a.incidentId(),
          new CellWarnings.Warning(
              a.identifier(),
              a.incidentId(),
              a.hazard(),
              a.info().get(0).severity(),
              a.info().get(0).headline(),
              a.sent()));
    }
    return new CellWarnings(cell, new ArrayList<>(sorted.values()));
  }

  private CapAlert readAlert(String json) {
    return alerts.get(json);
  }

  private Subscription readSubscription(String json) {
    return subscriptions.get(json);
  }
}
