package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One road event of the Open511 v1 JSON form, for navigation apps: a public warning that affects
 * the roads (flooded streets, a downpour), on {@code city.road-events} keyed by incident, the
 * newest record per key being the event as it stands. Built from the CAP message that made it
 * public, so only what the public was told appears, and a re-send is the same bytes.
 *
 * @param id {@code <jurisdiction>/<event>}, e.g. {@code cor.rio/urban_flooding.12-7.1549487700}
 * @param status {@code ACTIVE}, or {@code ARCHIVED} once the warning was cancelled
 * @param created when the first message of the warning was sent (ISO 8601 with offset)
 * @param updated when this message was sent
 * @param geography a GeoJSON point at the center of the warning's area
 * @param radiusM the radius of that area (not part of Open511: an extension, as its spec allows)
 * @param schedule Open511's schedule: one interval from the start, open while active
 */
public record RoadEvent(
    String id,
    String status,
    String headline,
    String description,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("event_subtypes") List<String> eventSubtypes,
    String severity,
    String certainty,
    String created,
    String updated,
    String timezone,
    Geometry geography,
    @JsonProperty("radius_m") double radiusM,
    Schedule schedule) {

  public RoadEvent {
    eventSubtypes = eventSubtypes == null ? List.of() : List.copyOf(eventSubtypes);
  }

  /** A GeoJSON point: {@code coordinates} are longitude, latitude. */
  public record Geometry(String type, List<Double> coordinates) {
    public Geometry {
      coordinates = coordinates == null ? List.of() : List.copyOf(coordinates);
    }

    public static Geometry point(GeoPoint p) {
      return new Geometry("Point", List.of(p.lon(), p.lat()));
    }
  }

  /** Open511 intervals, local times without zone: {@code 2019-02-06T19:00/} (open ended). */
  public record Schedule(List<String> intervals) {
    public Schedule {
      intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }
  }
}
