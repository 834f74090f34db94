package org.cityops.jobs.landslide;

import org.apache.flink.api.common.functions.MapFunction;
import org.cityops.jobs.rain.RainSums;

/** Tags each gauge's sums with the gauge's rain zone. Stateless. */
public final class ZoneOfRainSums implements MapFunction<RainSums, ZonedRain> {
  private final RainZones zones;

  public ZoneOfRainSums(RainZones zones) {
    this.zones = zones;
  }

  @Override
  public ZonedRain map(RainSums sums) {
    return new ZonedRain(zones.zoneOf(sums.gaugeId(), sums.location()), sums);
  }
}
