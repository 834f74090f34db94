package org.cityops.jobs.landslide;

import java.time.Instant;

/**
 * A rain zone's landslide level from {@code at} on, emitted each time the level or the degraded
 * mark changes (a zone never reported is low and not degraded).
 *
 * @param degraded a gauge of the zone is out of order: the level is a lower bound, not a reading,
 *     and a low level must not be read as safe
 */
public record ZoneRisk(
    String zoneId, String zoneName, Instant at, LandslideLevel level, boolean degraded) {}
