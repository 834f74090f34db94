package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param pacing how often below-Severe warnings may reach the resident, and when not; null: the
 *     job's defaults
 * @param commutes the trips the resident makes by road, for route advice when they are blocked
 */
public record Subscription(
    String residentId,
    List<Place> places,
    List<IncidentType> kinds,
    boolean active,
    Instant updatedAt,
    Pacing pacing,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Commute> commutes) {

  /** At most this many places per resident. */
  public static final int MAX_PLACES = 10;

  /** At most this many commutes per resident. */
  public static final int MAX_COMMUTES = 5;

  public Subscription {
    places = places == null ? List.of() : List.copyOf(places);
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
    commutes = commutes == null ? List.of() : List.copyOf(commutes);
  }

  /** Without commutes. */
  public Subscription(
      String residentId,
      List<Place> places,
      List<IncidentType> kinds,
      boolean active,
      Instant updatedAt,
      Pacing pacing) {
    this(residentId, places, kinds, active, updatedAt, pacing, List.of());
  }

  /** The same subscription with these commutes. */
  public Subscription withCommutes(List<Commute> trips) {
    return new Subscription(residentId, places, kinds, active, updatedAt, pacing, trips);
  }

  /**
   * A trip a resident makes by road on the days' same hours: from {@code origin} to {@code
   * destination} between {@code from} and {@code to} (local times "HH:mm" in {@code timeZone}; the
   * span may cross midnight). While something blocks or slows the usual route in those hours, the
   * resident gets a better one.
   *
   * @param name how the resident calls it ("to work")
   * @param timeZone a time zone id; null means America/Sao_Paulo
   */
  public record Commute(
      String name, GeoPoint origin, GeoPoint destination, String from, String to, String timeZone) {

    /** Whether {@code at} falls within the commute's hours. */
    public boolean covers(Instant at) {
      java.time.LocalTime t =
          at.atZone(java.time.ZoneId.of(timeZone == null ? "America/Sao_Paulo" : timeZone))
              .toLocalTime();
      java.time.LocalTime start = java.time.LocalTime.parse(from);
      java.time.LocalTime end = java.time.LocalTime.parse(to);
      return start.isBefore(end)
          ? !t.isBefore(start) && t.isBefore(end)
          : !t.isBefore(start) || t.isBefore(end);
    }

    void validate(String field) {
      Contract.text(name, field + ".name", 100);
      Contract.present(origin, field + ".origin").validate(field + ".origin");
      Contract.present(destination, field + ".destination").validate(field + ".destination");
      Contract.require(
          from != null && from.matches(Pacing.HH_MM),
          field + ".from",
          "must be a local time HH:mm, was " + from);
      Contract.require(
          to != null && to.matches(Pacing.HH_MM),
          field + ".to",
          "must be a local time HH:mm, was " + to);
      Contract.require(!from.equals(to), field + ".to", "must differ from from");
      Contract.require(
          timeZone == null || java.time.ZoneId.getAvailableZoneIds().contains(timeZone),
          field + ".timeZone",
          "must be a time zone id such as America/Sao_Paulo, was " + timeZone);
    }
  }

  /** With the job's default pacing. */
  public Subscription(
      String residentId,
      List<Place> places,
      List<IncidentType> kinds,
      boolean active,
      Instant updatedAt) {
    this(residentId, places, kinds, active, updatedAt, null);
  }

  /** At most this many points in a place's outline. */
  public static final int MAX_OUTLINE_POINTS = 500;

  /**
   * A place residents care about: a circle, or a neighbourhood. A neighbourhood carries its name
   * and its outline (a closed ring of points, as the resident API resolved it from the city's
   * neighbourhoods), with {@code center} and {@code radiusM} the circle around it; a warning
   * concerns it when it reaches into the outline.
   *
   * @param neighbourhood the neighbourhood's name, or null for a circle
   * @param outline the neighbourhood's outline, or empty for a circle
   */
  public record Place(
      String name,
      GeoPoint center,
      double radiusM,
      String neighbourhood,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<GeoPoint> outline) {
    public Place {
      outline = outline == null ? List.of() : List.copyOf(outline);
    }

    /** A circle. */
    public Place(String name, GeoPoint center, double radiusM) {
      this(name, center, radiusM, null, List.of());
    }
  }

  /**
   * How warnings below Severe are paced for one resident: at most {@code maxPerHour} notifications
   * in any hour, and none between {@code quietFrom} and {@code quietTo} (local times, "HH:mm", in
   * {@code timeZone}; the span may cross midnight). What is held is sent as one digest when the
   * limit or the quiet hours end. Severe and Extreme warnings always go at once.
   *
   * @param maxPerHour 1 to 60, or null for the job's default
   * @param quietFrom null for no quiet hours (then {@code quietTo} and {@code timeZone} too)
   */
  public record Pacing(Integer maxPerHour, String quietFrom, String quietTo, String timeZone) {
    static final String HH_MM = "([01][0-9]|2[0-3]):[0-5][0-9]";

    void validate(String field) {
      Contract.require(
          maxPerHour == null || (maxPerHour >= 1 && maxPerHour <= 60),
          field + ".maxPerHour",
          "must be 1 to 60, was " + maxPerHour);
      boolean quiet = quietFrom != null || quietTo != null || timeZone != null;
      if (!quiet) {
        return;
      }
      Contract.require(
          quietFrom != null && quietFrom.matches(HH_MM),
          field + ".quietFrom",
          "must be a local time HH:mm, was " + quietFrom);
      Contract.require(
          quietTo != null && quietTo.matches(HH_MM),
          field + ".quietTo",
          "must be a local time HH:mm, was " + quietTo);
      Contract.require(
          !quietFrom.equals(quietTo), field + ".quietTo", "must differ from quietFrom");
      Contract.require(
          timeZone != null && java.time.ZoneId.getAvailableZoneIds().contains(timeZone),
          field + ".timeZone",
          "must be a time zone id such as America/Sao_Paulo, was " + timeZone);
    }
  }

  public Subscription validate() {
    Contract.require(
        residentId != null && residentId.matches("[A-Za-z0-9_-]{1,64}"),
        "residentId",
        "must be 1-64 letters, digits, _ or - (it becomes an MQTT topic level)");
    Contract.require(
        places.size() <= MAX_PLACES, "places", "at most " + MAX_PLACES + ", had " + places.size());
    Contract.require(
        !active || !places.isEmpty() || !commutes.isEmpty(),
        "places",
        "an active subscription needs a place or a commute");
    Contract.require(
        commutes.size() <= MAX_COMMUTES,
        "commutes",
        "at most " + MAX_COMMUTES + ", had " + commutes.size());
    for (int i = 0; i < commutes.size(); i++) {
      Contract.present(commutes.get(i), "commutes[" + i + "]").validate("commutes[" + i + "]");
    }
    for (int i = 0; i < places.size(); i++) {
      Place p = places.get(i);
      String field = "places[" + i + "]";
      Contract.present(p, field);
      Contract.optionalText(p.name(), field + ".name", 100);
      Contract.present(p.center(), field + ".center").validate(field + ".center");
      double maxRadius = p.outline().isEmpty() ? 5_000 : 20_000; // a neighbourhood's circle
      Contract.require(
          Double.isFinite(p.radiusM()) && p.radiusM() >= 0 && p.radiusM() <= maxRadius,
          field + ".radiusM",
          "must be 0 to " + (long) maxRadius + " m, was " + p.radiusM());
      Contract.optionalText(p.neighbourhood(), field + ".neighbourhood", 100);
      if (!p.outline().isEmpty()) {
        Contract.require(
            p.outline().size() >= 4 && p.outline().size() <= MAX_OUTLINE_POINTS,
            field + ".outline",
            "must have 4 to " + MAX_OUTLINE_POINTS + " points, had " + p.outline().size());
        Contract.require(
            p.outline().get(0).equals(p.outline().get(p.outline().size() - 1)),
            field + ".outline",
            "must be closed (first point = last point)");
        for (int k = 0; k < p.outline().size(); k++) {
          Contract.present(p.outline().get(k), field + ".outline[" + k + "]")
              .validate(field + ".outline[" + k + "]");
        }
      }
    }
    Contract.present(updatedAt, "updatedAt");
    if (pacing != null) {
      pacing.validate("pacing");
    }
    return this;
  }
}
