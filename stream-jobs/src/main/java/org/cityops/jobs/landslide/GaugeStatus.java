package org.cityops.jobs.landslide;

import java.time.Instant;

/**
 * Whether a zone's gauge can be trusted, from gauge health's maintenance incidents.
 *
 * @param down true while the gauge is silent or sends missing values
 */
public record GaugeStatus(ZoneRef zone, String gaugeId, Instant at, boolean down) {}
