package org.cityops.events;

import java.time.Instant;
import java.util.List;

/**
 * A resident's wish to be warned: places (a point and a radius: home, work, a school) and the kinds
 * of hazard. On {@code city.subscriptions}, keyed by resident, compacted: the newest record is the
 * subscription; {@code active=false} unsubscribes.
 *
 * @param residentId an opaque id chosen by the resident API, never a phone number or name
 * @param kinds the hazards wanted; empty means all that warn the public
 * @param updatedAt when the resident changed it (newer wins)
 */
public record Subscription(
    String residentId,
    List<Place> places,
    List<IncidentType> kinds,
    boolean active,
    Instant updatedAt) {

  /** At most this many places per resident. */
  public static final int MAX_PLACES = 10;

  public Subscription {
    places = places == null ? List.of() : List.copyOf(places);
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
  }

  /** A circle residents care about. */
  public record Place(String name, GeoPoint center, double radiusM) {}

  public Subscription validate() {
    Contract.require(
        residentId != null && residentId.matches("[A-Za-z0-9_-]{1,64}"),
        "residentId",
        "must be 1-64 letters, digits, _ or - (it becomes an MQTT topic level)");
    Contract.require(
        places.size() <= MAX_PLACES, "places", "at most " + MAX_PLACES + ", had " + places.size());
    Contract.require(
        !active || !places.isEmpty(), "places", "an active subscription needs a place");
    for (int i = 0; i < places.size(); i++) {
      Place p = places.get(i);
      String field = "places[" + i + "]";
      Contract.present(p, field);
      Contract.optionalText(p.name(), field + ".name", 100);
      Contract.present(p.center(), field + ".center").validate(field + ".center");
      Contract.require(
          Double.isFinite(p.radiusM()) && p.radiusM() >= 0 && p.radiusM() <= 5_000,
          field + ".radiusM",
          "must be 0 to 5000 m, was " + p.radiusM());
    }
    Contract.present(updatedAt, "updatedAt");
    return this;
  }
}
