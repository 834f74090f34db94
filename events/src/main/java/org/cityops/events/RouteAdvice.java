package org.cityops.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A better way for one of a resident's commutes, because something blocks or slows the usual one
 * (or an all-clear when it is open again). One per change of the incident behind it, keyed by
 * resident on {@code city.route-advice} and sent on MQTT {@code city/residents/<id>/routes}.
 *
 * @param commute the commute's name
 * @param incidentId the incident that changed the way, at {@code incidentVersion}
 * @param reason why: the usual route is blocked, slow, or open again
 * @param message what to tell the resident, in plain words
 * @param route the way to take now (the usual one when the reason is {@code CLEARED})
 * @param distanceM its length
 * @param travelTime its travel time now
 * @param usualTime the usual route's travel time with nothing in the way
 * @param timeSaved against driving the usual route now; null when the usual route is blocked
 * @param avoided the road segments ({@code way:from-to}) the route keeps away from
 * @param at the event time of the incident change
 */
public record RouteAdvice(
    String residentId,
    String commute,
    String incidentId,
    long incidentVersion,
    Reason reason,
    String message,
    List<GeoPoint> route,
    double distanceM,
    Duration travelTime,
    Duration usualTime,
    Duration timeSaved,
    List<String> avoided,
    Instant at) {

  /** Why the resident hears from us. */
  public enum Reason {
    BLOCKED,
    SLOW,
    CLEARED
  }

  public RouteAdvice {
    route = route == null ? List.of() : List.copyOf(route);
    avoided = avoided == null ? List.of() : List.copyOf(avoided);
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return residentId + "/" + commute + "/" + incidentId + "@" + incidentVersion;
  }
}
