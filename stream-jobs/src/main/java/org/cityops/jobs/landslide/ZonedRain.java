package org.cityops.jobs.landslide;

import org.cityops.jobs.rain.RainSums;

/** A gauge's rolling sums, tagged with the rain zone the gauge stands for. */
public record ZonedRain(ZoneRef zone, RainSums sums) {}
