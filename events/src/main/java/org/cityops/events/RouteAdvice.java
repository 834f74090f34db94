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
 * @param travelTimeS its travel time now, in seconds (null when there is no way)
 * @param usualTimeS the usual route's travel time with nothing in the way, in seconds
 * @param timeSavedS against driving the usual route now, in seconds; null when the usual route is
 *     blocked (seconds rather than {@link Duration}, so the record stays a plain value for the
 *     stream jobs; {@link #travelTime()} and friends give durations)
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
    Long travelTimeS,
    Long usualTimeS,
    Long timeSavedS,
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

  public Duration travelTime() {
    return travelTimeS == null ? null : Duration.ofSeconds(travelTimeS);
  }

  public Duration usualTime() {
    return usualTimeS == null ? null : Duration.ofSeconds(usualTimeS);
  }

  public Duration timeSaved() {
    return timeSavedS == null ? null : Duration.ofSeconds(timeSavedS);
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return residentId + "/" + commute + "/" + incidentId + "@" + incidentVersion;
  }
}
