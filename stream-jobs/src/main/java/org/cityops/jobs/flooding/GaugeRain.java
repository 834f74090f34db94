package org.cityops.jobs.flooding;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/** Strong rain a cell heard of: which gauge, where, when, how much in the hour. */
public record GaugeRain(String gaugeId, GeoPoint location, Instant at, double rain1hMm) {}
