package org.cityops.jobs.fanout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
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
 *   <li>State layout: each warning in force as its CAP JSON in UTF-8 bytes ({@code
 *       warnings-in-force-utf8}). One warning is kept in every cell its area covers (hundreds), so
 *       this state is most of the alerts job's checkpoint; kept as Java strings, it was written out
 *       a character at a time at every checkpoint and held twice the bytes on the heap (the
 *       Portuguese texts make them UTF-16). A savepoint from before holds the JSON as text in
 *       {@code warnings-in-force}: a cell's warnings move over on its first message after the
 *       upgrade.
 * </ul>
 */
public final class CellMatcher
    extends KeyedCoProcessFunction<String, AlertInCell, SubscriptionInCell, ResidentAlert> {
  public static final OutputTag<CellWarnings> CELL_WARNINGS =
      new OutputTag<>("cell-warnings", TypeInformation.of(CellWarnings.class));

  private transient MapState<String, byte[]> inForce; // incidentId -> CapAlert JSON, UTF-8

  /** The layout of releases before: incidentId -> CapAlert JSON as text; emptied on first use. */
  private transient MapState<String, String> inForceAsText;

  private transient MapState<String, String> subscribers; // residentId -> Subscription JSON

  /**
   * The warnings and subscriptions of the state, parsed: each message lists its cell's warnings and
   * reads its subscribers. One warning is in force in many cells, as the same text.
   */
  private transient ParsedWarnings alerts;

  private transient BoundedMemo<String, Subscription> subscriptions;

  /** Parsed values kept per instance: the warnings in force across its cells, and residents. */
  static final int PARSED_KEPT = 1_024;

  @Override
  public void open(OpenContext openContext) {
    alerts = new ParsedWarnings(PARSED_KEPT);
    subscriptions =
        BoundedMemo.of(
            json -> EventJson.readSubscription(json.getBytes(StandardCharsets.UTF_8)), PARSED_KEPT);
    inForce =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "warnings-in-force-utf8",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    inForceAsText =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("warnings-in-force", Types.STRING, Types.STRING));
    subscribers =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("subscribers", Types.STRING, Types.STRING));
  }

  @Override
  public void processElement1(AlertInCell in, Context ctx, Collector<ResidentAlert> out)
      throws Exception {
    moveTextLayout();
    CapAlert alert = in.alert();
    byte[] keptJson = inForce.get(alert.incidentId());
    CapAlert kept = keptJson == null ? null : alerts.read(alert.incidentId(), keptJson);
    if (kept != null && kept.incidentVersion() >= alert.incidentVersion()) {
      return;
    }
    boolean staysInForce = in.covered() && alert.msgType() != CapAlert.MsgType.Cancel;
    if (staysInForce) {
      inForce.put(alert.incidentId(), EventJson.write(alert));
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
    moveTextLayout();
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
    for (Map.Entry<String, byte[]> e : inForce.entries()) {
      CapAlert alert = alerts.read(e.getKey(), e.getValue());
      Subscription.Place place = WarningArea.of(alert).concerns(s, alert);
      if (place != null) {
        out.collect(new ResidentAlert(s.residentId(), alert, place.name(), s.pacing()));
      }
    }
  }

  private CellWarnings cellWarnings(String cell) throws Exception {
    Map<String, CellWarnings.Warning> sorted = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : inForce.entries()) {
      CapAlert a = alerts.read(e.getKey(), e.getValue());
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

  /** Moves the cell's warnings kept as text (a savepoint from before) into the byte layout. */
  private void moveTextLayout() throws Exception {
    if (inForceAsText.isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> e : inForceAsText.entries()) {
      inForce.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    inForceAsText.clear();
  }

  private Subscription readSubscription(String json) {
    return subscriptions.get(json);
  }
}
