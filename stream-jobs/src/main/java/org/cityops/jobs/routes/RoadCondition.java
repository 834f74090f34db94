package org.cityops.jobs.routes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.DetectorPair;
import org.cityops.roads.DetectorSite;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.Segment;

/**
 * What one incident does to the roads, as route advice sees it: the segments it blocks and the
 * slowdown of those it slows.
 *
 * <ul>
 *   <li>a {@code traffic_incident} between detectors blocks every segment between each detector
 *       pair in its evidence (the detectors cannot tell where between them it is);
 *   <li>{@code congestion} slows each detector's segment by its free-flow speed over its speed (at
 *       most {@value #MAX_SLOWDOWN}: nobody passing counts as that);
 *   <li>a traffic incident without detector evidence (residents' reports, or one an operator opened
 *       by hand) blocks every segment whose middle lies in its area, both ways.
 * </ul>
 *
 * As for public warnings, residents' reports alone reroute nobody: an incident whose evidence is
 * only theirs counts once a detector's evidence joins it or an operator has acknowledged it.
 *
 * @param version the incident version it was made from
 * @param active false once the incident cleared, was closed, or was merged into another
 */
public record RoadCondition(
    String incidentId, long version, boolean active, List<String> blocked, List<Slow> slow) {

  static final double MAX_SLOWDOWN = 10;

  /** A slowed segment: driving it takes {@code factor} times as long as usual. */
  public record Slow(String segmentId, double factor) {}

  public RoadCondition {
    blocked = List.copyOf(new TreeSet<>(blocked));
    slow = List.copyOf(slow);
  }

  /** The slowdown of each slowed segment. */
  Map<String, Double> slowdown() {
    Map<String, Double> map = new HashMap<>();
    slow.forEach(s -> map.put(s.segmentId(), s.factor()));
    return map;
  }

  /** Whether route advice cares about incidents of this type. */
  static boolean concerns(Incident incident) {
    return incident.type() == IncidentType.TRAFFIC_INCIDENT
        || incident.type() == IncidentType.CONGESTION;
  }

  static RoadCondition of(Incident incident, DetectorLayout layout, RoadNetwork network) {
    boolean confirmed =
        org.cityops.jobs.alerts.CapMessages.sensorCorroborated(incident)
            || incident.status() == org.cityops.events.IncidentStatus.ACTIVE_ACK
            || incident.incidentId().contains(":manual:"); // an operator opened it
    boolean active = incident.status().isActive() && incident.mergedInto() == null && confirmed;
    Set<String> blocked = new TreeSet<>();
    Map<String, Double> slowdown = new HashMap<>();
    if (incident.type() == IncidentType.TRAFFIC_INCIDENT) {
      for (Evidence e : incident.evidence()) {
        DetectorPair pair = layout.pair(e.sourceId());
        if (pair != null) {
          blocked.addAll(pair.segmentIds());
        }
      }
      if (blocked.isEmpty()) {
        double radius = Math.max(50, incident.area().radiusM());
        for (Segment s : network.segments()) {
          if (s.pointAt(0.5).distanceMetresTo(incident.area().center()) <= radius) {
            blocked.add(s.id());
          }
        }
      }
    } else {
      Map<String, Double> speed = new HashMap<>();
      Map<String, Double> freeFlow = new HashMap<>();
      for (Evidence e : incident.evidence()) {
        if (e.signal().equals("speed_kmh")) {
          speed.put(e.sourceId(), e.value());
        } else if (e.signal().equals("free_flow_kmh")) {
          freeFlow.put(e.sourceId(), e.value());
        }
      }
      for (String detector : freeFlow.keySet()) {
        DetectorSite site = layout.site(detector);
        if (site != null) {
          Double v = speed.get(detector);
          double factor =
              v == null || v <= 0
                  ? MAX_SLOWDOWN
                  : Math.min(MAX_SLOWDOWN, Math.max(1, freeFlow.get(detector) / v));
          slowdown.merge(site.segmentId(), factor, Math::max);
        }
      }
    }
    return new RoadCondition(
        incident.incidentId(),
        incident.version(),
        active,
        List.copyOf(blocked),
        slowdown.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new Slow(e.getKey(), e.getValue()))
            .toList());
  }

  /** The same effect on the roads: nothing new to tell anyone. */
  boolean sameEffect(RoadCondition other) {
    return other != null
        && active == other.active
        && blocked.equals(other.blocked)
        && slowdown().keySet().equals(other.slowdown().keySet());
  }

  /** Every segment it touches. */
  Set<String> segments() {
    Set<String> all = new TreeSet<>(blocked);
    all.addAll(slowdown().keySet());
    return all;
  }
}
