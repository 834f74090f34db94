package org.cityops.jobs.incidents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CityStage;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.Severity;
import org.cityops.jobs.alerts.CapMessages;

/**
 * The city's operating stage from the active incidents, for one key (the city).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Incident versions wait until the watermark passes their event time and are then applied in
 *       time order (ties by id and version), so the stage sequence does not depend on the order in
 *       which the detectors' outputs arrive. Only kinds that affect the public count; an older
 *       version than one already applied is ignored.
 *   <li>The first instant applied publishes the stage it calls for (1 when nothing is active). A
 *       higher stage is published at once; a lower one once the incidents have called for less
 *       during {@link StageRules#downgradeHold()}, at the end of that hold (a timer).
 *   <li>State: the active incidents (cleared ones are removed), the buffered versions (removed as
 *       applied) and the published stage; nothing grows without bound.
 * </ul>
 */
public final class CityStageFunction extends KeyedProcessFunction<String, Incident, CityStage> {
  /** All incidents are keyed here: the city has one stage. */
  public static final String CITY = "city";

  private final StageRules rules;
  private transient MapState<String, String> active; // incidentId -> "version|SEVERITY"
  private transient MapState<Long, String> waiting; // event time -> incident JSON lines
  private transient ValueState<StageState> stage;

  public CityStageFunction(StageRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    active =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("active-incidents", Types.STRING, Types.STRING));
    waiting =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("waiting-incidents", Types.LONG, Types.STRING));
    stage = getRuntimeContext().getState(new ValueStateDescriptor<>("stage", StageState.class));
  }

  @Override
  public void processElement(Incident incident, Context ctx, Collector<CityStage> out)
      throws Exception {
    if (!CapMessages.affectsPublic(incident.type())) {
      return;
    }
    long at = incident.updatedAt().toEpochMilli();
    String line = EventJson.writeString(incident);
    String earlier = waiting.get(at);
    waiting.put(at, earlier == null ? line : earlier + "\n" + line);
    ctx.timerService().registerEventTimeTimer(at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CityStage> out)
      throws Exception {
    String lines = waiting.get(timestamp);
    Instant at = Instant.ofEpochMilli(timestamp);
    if (lines != null) {
      waiting.remove(timestamp);
      List<Incident> versions = new ArrayList<>();
      for (String line : lines.split("\n")) {
        versions.add(EventJson.readIncident(line.getBytes(StandardCharsets.UTF_8)));
      }
      versions.sort(
          Comparator.comparing(Incident::incidentId).thenComparingLong(Incident::version));
      for (Incident i : versions) {
        apply(i);
      }
    }
    StageRules.Decision wanted = rules.stageOf(severities());
    StageState s = stage.value();
    if (s == null || wanted.stage() > s.published()) {
      publish(wanted, at, out);
    } else if (wanted.stage() == s.published()) {
      if (s.lowerSince() != null) {
        stage.update(new StageState(s.published(), null));
      }
    } else if (s.lowerSince() == null) {
      stage.update(new StageState(s.published(), at));
      ctx.timerService().registerEventTimeTimer(at.plus(rules.downgradeHold()).toEpochMilli());
    } else if (!at.isBefore(s.lowerSince().plus(rules.downgradeHold()))) {
      publish(wanted, at, out);
    }
  }

  private void apply(Incident i) throws Exception {
    String known = active.get(i.incidentId());
    if (known != null && Long.parseLong(known.substring(0, known.indexOf('|'))) >= i.version()) {
      return;
    }
    if (i.status().isActive()) {
      active.put(i.incidentId(), i.version() + "|" + i.severity().name());
    } else {
      active.remove(i.incidentId());
    }
  }

  private List<Severity> severities() throws Exception {
    List<Severity> out = new ArrayList<>();
    for (Map.Entry<String, String> e : active.entries()) {
      out.add(Severity.valueOf(e.getValue().substring(e.getValue().indexOf('|') + 1)));
    }
    return out;
  }

  private void publish(StageRules.Decision wanted, Instant at, Collector<CityStage> out)
      throws Exception {
    stage.update(new StageState(wanted.stage(), null));
    int count = 0;
    for (String ignored : active.keys()) {
      count++;
    }
    out.collect(new CityStage(wanted.stage(), at, count, wanted.reason()));
  }
}
