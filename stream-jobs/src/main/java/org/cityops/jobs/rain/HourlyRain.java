package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * A gauge's rain over the hour ending at {@code windowEnd}: the sum of its readings with time in
 * (windowEnd - 1 h, windowEnd], as Alerta Rio sums its 15-minute values.
 *
 * @param samples how many readings the sum holds
 */
public record HourlyRain(
    String gaugeId, GeoPoint location, Instant windowEnd, double rain1hMm, int samples) {}
