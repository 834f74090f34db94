package org.cityops.console.board;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cityops.events.GeoPoint;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneMap;

/**
 * Which of the city's areas the console hears from, judged from each sensor's latest reading. An
 * area whose every sensor has gone silent has <em>no data</em>: it is blind, and a quiet map there
 * must not be read as calm. One where some sensors are silent is <em>partial</em>; one where no
 * sensor was ever heard has <em>no sensors</em> (a gap in the network, not an outage).
 *
 * <p>A sensor belongs to the area that contains its latest position, or the nearest one within
 * {@value #NEAR_METRES} m (a gauge on the shore, a detector on a border road). Sensors outside
 * every area are left to the per-sensor list. Nothing is kept between calls but the positions
 * already placed (sensors rarely move; a moved one is placed afresh), so a sensor that reports
 * again brings its area back at the next call.
 */
public final class AreaFeeds {
  static final double NEAR_METRES = 500;
  private static final int MAX_PLACED = 100_000;

  /** From worst to best: the order operators read them in. */
  public enum Status {
    NO_DATA,
    PARTIAL,
    LIVE,
    NO_SENSORS
  }

  /**
   * One area as the console shows it.
   *
   * @param sensors sensors heard of in the area
   * @param silent those of them silent for longer than the console's limit
   * @param lastReadingAt the newest reading from the area, or null when it has no sensors
   * @param silentSeconds for an area with no data, how long since that newest reading; else 0
   */
  public record AreaFeed(
      String areaId,
      String name,
      Status status,
      int sensors,
      int silent,
      Instant lastReadingAt,
      long silentSeconds) {}

  private final ZoneMap areas;
  private final Map<GeoPoint, Optional<Zone>> placed = new ConcurrentHashMap<>();

  public AreaFeeds(ZoneMap areas) {
    this.areas = areas;
  }

  /** Every area, those with no data first, then partial, live, and without sensors; by name. */
  public List<AreaFeed> judge(List<SensorView> sensors, Instant now) {
    Map<String, List<SensorView>> byArea = new LinkedHashMap<>();
    for (SensorView s : sensors) {
      areaOf(s.location())
          .ifPresent(z -> byArea.computeIfAbsent(z.id(), k -> new ArrayList<>()).add(s));
    }
    List<AreaFeed> out = new ArrayList<>();
    for (Zone zone : areas.zones()) {
      out.add(judge(zone, byArea.getOrDefault(zone.id(), List.of()), now));
    }
    out.sort(Comparator.comparing(AreaFeed::status).thenComparing(AreaFeed::name));
    return out;
  }

  private static AreaFeed judge(Zone zone, List<SensorView> in, Instant now) {
    if (in.isEmpty()) {
      return new AreaFeed(zone.id(), zone.name(), Status.NO_SENSORS, 0, 0, null, 0);
    }
    int silent = (int) in.stream().filter(SensorView::stale).count();
    Instant newest =
        in.stream().map(SensorView::lastReadingAt).max(Comparator.naturalOrder()).orElseThrow();
    Status status =
        silent == in.size() ? Status.NO_DATA : silent > 0 ? Status.PARTIAL : Status.LIVE;
    long silentSeconds =
        status == Status.NO_DATA ? Math.max(0, Duration.between(newest, now).toSeconds()) : 0;
    return new AreaFeed(zone.id(), zone.name(), status, in.size(), silent, newest, silentSeconds);
  }

  private Optional<Zone> areaOf(GeoPoint location) {
    if (location == null) {
      return Optional.empty();
    }
    if (placed.size() > MAX_PLACED) {
      placed.clear(); // positions of long-gone sensors; placing again is cheap
    }
    return placed.computeIfAbsent(location, p -> areas.zoneAtOrNear(p, NEAR_METRES));
  }
}
