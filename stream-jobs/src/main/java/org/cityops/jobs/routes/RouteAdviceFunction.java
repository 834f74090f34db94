package org.cityops.jobs.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Incident;
import org.cityops.events.RouteAdvice;
import org.cityops.events.Subscription;
import org.cityops.roads.Segment;
import org.cityops.routing.Router;

/**
 * Per resident, a better route for each commute whose usual route an incident blocks or slows, in
 * the commute's hours; and an all-clear when the incident that changed the way ends.
 *
 * <p>Inputs: residents' subscriptions, keyed by resident; the incidents operators work, broadcast
 * (traffic incidents and congestion: {@link RoadCondition}). An incident version that does not
 * change what the roads look like (a note, an acknowledgement, a severity step) tells nobody
 * anything: one message per change of the way, not one per reading or version. A resident whose
 * usual route the incident does not touch hears nothing; a slow usual route is worth a message only
 * when the better one saves {@code minTimeSaved}.
 *
 * <p>Contract: inputs are taken in arrival order (subscriptions are rare and incidents arrive in
 * their own order from the lifecycle); a commute's hours are judged at the incident version's event
 * time. State: per resident, the subscription and which commute was advised about which incident
 * (for the all-clear), cleared when the resident unsubscribes; broadcast, the roads' conditions of
 * the active incidents, each dropped when its incident ends. No timers.
 */
public final class RouteAdviceFunction
    extends KeyedBroadcastProcessFunction<String, Subscription, Incident, RouteAdvice> {
  public static final MapStateDescriptor<String, RoadCondition> CONDITIONS =
      new MapStateDescriptor<>(
          "road-conditions", Types.STRING, TypeInformation.of(RoadCondition.class));

  private final RoutesConfig config;
  private transient ValueState<ResidentRoutes> residents;
  private transient Router router;
  private transient Path workDir;

  public RouteAdviceFunction(RoutesConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) throws IOException {
    residents =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("resident-routes", ResidentRoutes.class));
    workDir = Files.createTempDirectory("cityops-routes-");
    router =
        Router.load(
            config.roads().osmFile(workDir.resolve("roads")),
            workDir.resolve("graph"),
            config.mode());
  }

  @Override
  public void close() throws Exception {
    if (router != null) {
      router.close();
    }
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public void processElement(Subscription s, ReadOnlyContext ctx, Collector<RouteAdvice> out)
      throws Exception {
    ResidentRoutes before = residents.value();
    if (before != null && s.updatedAt().isBefore(before.subscription().updatedAt())) {
      return; // an older version of the subscription
    }
    if (!s.active() || s.commutes().isEmpty()) {
      residents.clear();
      return;
    }
    List<String> advised = new ArrayList<>();
    if (before != null) {
      Set<String> names = new HashSet<>();
      s.commutes().forEach(c -> names.add(c.name()));
      before.advised().stream()
          .filter(a -> names.contains(a.split("\\|", 2)[0]))
          .forEach(advised::add);
    }
    ResidentRoutes now =
        new ResidentRoutes(s, advised, before == null ? Map.of() : before.routesTold());
    // a commute registered while something is in its way hears of it at once
    Map<String, RoadCondition> conditions = new HashMap<>();
    ReadOnlyBroadcastState<String, RoadCondition> state = ctx.getBroadcastState(CONDITIONS);
    for (Map.Entry<String, RoadCondition> e : state.immutableEntries()) {
      conditions.put(e.getKey(), e.getValue());
    }
    for (RoadCondition c : conditions.values()) {
      now = advise(now, c, null, conditions, s.updatedAt(), out);
    }
    residents.update(now);
  }

  @Override
  public void processBroadcastElement(Incident incident, Context ctx, Collector<RouteAdvice> out)
      throws Exception {
    if (!RoadCondition.concerns(incident)) {
      return;
    }
    BroadcastState<String, RoadCondition> state = ctx.getBroadcastState(CONDITIONS);
    RoadCondition previous = state.get(incident.incidentId());
    if (previous != null && incident.version() <= previous.version()) {
      return; // a duplicate or an older version
    }
    if (incident.mergedInto() != null) {
      // fused into an older incident, whose next version carries this one's evidence: whoever
      // was told about this one was told about that one
      state.remove(incident.incidentId());
      String from = "|" + incident.incidentId();
      String to = "|" + incident.mergedInto();
      ctx.applyToKeyedState(
          new ValueStateDescriptor<>("resident-routes", ResidentRoutes.class),
          (resident, residentState) -> {
            ResidentRoutes r = residentState.value();
            if (r != null && r.advised().stream().anyMatch(a -> a.endsWith(from))) {
              List<String> moved = new ArrayList<>();
              r.advised().forEach(a -> moved.add(a.endsWith(from) ? a.replace(from, to) : a));
              residentState.update(new ResidentRoutes(r.subscription(), moved, r.routesTold()));
            }
          });
      return;
    }
    RoadCondition condition = RoadCondition.of(incident, config.roads().layout(), router.network());
    if (condition.sameEffect(previous)) {
      state.put(incident.incidentId(), condition);
      return;
    }
    if (!condition.active() && previous == null) {
      return; // never seen active: nobody was told
    }
    if (condition.active()) {
      state.put(incident.incidentId(), condition);
    } else {
      state.remove(incident.incidentId());
    }
    Map<String, RoadCondition> conditions = new HashMap<>();
    for (Map.Entry<String, RoadCondition> e : state.entries()) {
      conditions.put(e.getKey(), e.getValue());
    }
    ctx.applyToKeyedState(
        new ValueStateDescriptor<>("resident-routes", ResidentRoutes.class),
        (resident, residentState) -> {
          ResidentRoutes r = residentState.value();
          if (r != null) {
            residentState.update(
                advise(r, condition, previous, conditions, incident.updatedAt(), out));
          }
        });
  }

  /** Tells the resident what {@code condition} changes for each commute; returns the new state. */
  private ResidentRoutes advise(
      ResidentRoutes r,
      RoadCondition condition,
      RoadCondition previous,
      Map<String, RoadCondition> all,
      Instant at,
      Collector<RouteAdvice> out) {
    List<String> advised = new ArrayList<>(r.advised());
    Map<String, Integer> told = new HashMap<>(r.routesTold());
    Router.Avoid avoid = avoid(all);
    for (Subscription.Commute commute : r.subscription().commutes()) {
      String key = commute.name() + "|" + condition.incidentId();
      Optional<Router.Route> usual =
          router.route(commute.origin(), commute.destination(), Router.Avoid.NOTHING);
      if (usual.isEmpty()) {
        continue; // no road between the two at all
      }
      if (!condition.active()) {
        if (advised.remove(key)) {
          Router.Route best =
              router.route(commute.origin(), commute.destination(), avoid).orElse(usual.get());
          int way = wayTold(best.segments(), blocks(avoid, usual.get()));
          if (!Integer.valueOf(way).equals(told.get(commute.name()))) {
            told.put(commute.name(), way);
            out.collect(
                advice(
                    r,
                    commute,
                    condition,
                    RouteAdvice.Reason.CLEARED,
                    best,
                    usual.get(),
                    null,
                    at));
          }
        }
        continue;
      }
      Set<String> touched = new HashSet<>(usual.get().segments());
      touched.retainAll(condition.segments());
      if (touched.isEmpty() || !commute.covers(at)) {
        continue;
      }
      boolean blocked = blocks(avoid, usual.get());
      Optional<Router.Route> better = router.route(commute.origin(), commute.destination(), avoid);
      Integer signature = better.map(b -> wayTold(b.segments(), blocked)).orElse(0);
      if (signature.equals(told.get(commute.name()))) {
        // the way to take has not changed, nor whether the usual one is open: the resident
        // already knows it
        if (!advised.contains(key)) {
          advised.add(key);
        }
        continue;
      }
      if (better.isEmpty()) {
        out.collect(
            advice(r, commute, condition, RouteAdvice.Reason.BLOCKED, null, usual.get(), null, at));
      } else if (blocked) {
        out.collect(
            advice(
                r,
                commute,
                condition,
                RouteAdvice.Reason.BLOCKED,
                better.get(),
                usual.get(),
                null,
                at));
      } else {
        Duration usualNow = timeWithSlowdowns(usual.get(), avoid.slowdown());
        Duration saved = usualNow.minus(better.get().time());
        if (better.get().segments().equals(usual.get().segments())
            || saved.compareTo(config.minTimeSaved()) < 0) {
          continue;
        }
        out.collect(
            advice(
                r,
                commute,
                condition,
                RouteAdvice.Reason.SLOW,
                better.get(),
                usual.get(),
                saved,
                at));
      }
      told.put(commute.name(), signature);
      if (!advised.contains(key)) {
        advised.add(key);
      }
    }
    return new ResidentRoutes(r.subscription(), advised, told);
  }

  private static boolean blocks(Router.Avoid avoid, Router.Route usual) {
    return usual.segments().stream().anyMatch(avoid.blocked()::contains);
  }

  /**
   * What the resident was told about a commute, as a number kept in state: the way to take and
   * whether the usual way is shut. Both count: a commuter told of a faster way round a jam may well
   * have chosen to sit it out, so the same detour is news again once the road is closed. (A way
   * around a jam keeps the plain hash of its segments, as before this distinction, so state from
   * before it still reads right for jams; a closure told before it is told once more.)
   */
  static int wayTold(List<String> segments, boolean usualShut) {
    return usualShut ? 31 * segments.hashCode() + 1 : segments.hashCode();
  }

  /**
   * The usual route's travel time with the slowdowns on its segments, its time spread over its
   * segments by length (an estimate: the router gives one time for the whole route).
   */
  private Duration timeWithSlowdowns(Router.Route route, Map<String, Double> slowdown) {
    double total = 0;
    double weighted = 0;
    for (String id : route.segments()) {
      Segment s = router.network().segment(id);
      if (s != null) {
        total += s.lengthM();
        weighted += s.lengthM() * slowdown.getOrDefault(id, 1.0);
      }
    }
    double factor = total == 0 ? 1 : weighted / total;
    return Duration.ofMillis(Math.round(route.time().toMillis() * factor));
  }

  private static Router.Avoid avoid(Map<String, RoadCondition> conditions) {
    Set<String> blocked = new HashSet<>();
    Map<String, Double> slowdown = new HashMap<>();
    for (RoadCondition c : conditions.values()) {
      blocked.addAll(c.blocked());
      c.slowdown().forEach((k, v) -> slowdown.merge(k, v, Math::max));
    }
    return new Router.Avoid(blocked, slowdown);
  }

  private static RouteAdvice advice(
      ResidentRoutes r,
      Subscription.Commute commute,
      RoadCondition condition,
      RouteAdvice.Reason reason,
      Router.Route route,
      Router.Route usual,
      Duration saved,
      Instant at) {
    String what =
        condition.incidentId().startsWith("congestion") ? "Trânsito lento" : "Via bloqueada";
    String message =
        switch (reason) {
          case CLEARED ->
              route.segments().equals(usual.segments())
                  ? "O caminho habitual (" + commute.name() + ") está livre de novo."
                  : String.format(
                      Locale.ROOT,
                      "Uma obstrução no caminho (%s) terminou. Melhor caminho agora: %.1f km, %d min.",
                      commute.name(),
                      route.distanceM() / 1000,
                      Math.round(route.time().toSeconds() / 60.0));
          case BLOCKED ->
              route == null
                  ? what + " no caminho habitual (" + commute.name() + "): não há desvio agora."
                  : String.format(
                      Locale.ROOT,
                      "%s no caminho habitual (%s). Desvio: %.1f km, %d min (%+d min).",
                      what,
                      commute.name(),
                      route.distanceM() / 1000,
                      Math.round(route.time().toSeconds() / 60.0),
                      Math.round((route.time().toSeconds() - usual.time().toSeconds()) / 60.0));
          case SLOW ->
              String.format(
                  Locale.ROOT,
                  "%s no caminho habitual (%s). Outro caminho: %.1f km, %d min, %d min mais rápido.",
                  what,
                  commute.name(),
                  route.distanceM() / 1000,
                  Math.round(route.time().toSeconds() / 60.0),
                  Math.round(saved.toSeconds() / 60.0));
        };
    List<String> avoided = new ArrayList<>(condition.segments());
    avoided.retainAll(usual.segments());
    return new RouteAdvice(
        r.subscription().residentId(),
        commute.name(),
        condition.incidentId(),
        condition.version(),
        reason,
        message,
        route == null ? List.of() : route.points(),
        route == null ? 0 : route.distanceM(),
        route == null ? null : route.time().toSeconds(),
        usual.time().toSeconds(),
        saved == null ? null : saved.toSeconds(),
        avoided,
        at);
  }

  /**
   * A resident's subscription, which of its commutes were advised about which incident ({@code
   * commute|incidentId}), and the way last told per commute ({@link RouteAdviceFunction#wayTold}),
   * so that an incident that does not change the way to take tells nothing.
   */
  public record ResidentRoutes(
      Subscription subscription, List<String> advised, Map<String, Integer> routesTold) {
    public ResidentRoutes {
      advised = List.copyOf(advised);
      routesTold = Map.copyOf(routesTold);
    }
  }
}
