package org.cityops.jobs.landslide;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;

/**
 * Turns gauge health's maintenance incidents into a zone's gauge status: an active incident means
 * the gauge is down, a cleared one that it is back. Other incidents pass nothing. Stateless.
 */
public final class ZoneOfGaugeHealth implements FlatMapFunction<Incident, GaugeStatus> {
  private final RainZones zones;

  public ZoneOfGaugeHealth(RainZones zones) {
    this.zones = zones;
  }

  @Override
  public void flatMap(Incident incident, Collector<GaugeStatus> out) {
    if (incident.type() != IncidentType.SENSOR_MAINTENANCE) {
      return;
    }
    // gauge health names the gauge as the incident's zone
    String gauge = incident.area().zone();
    out.collect(
        new GaugeStatus(
            zones.zoneOf(gauge, incident.area().center()),
            gauge,
            incident.updatedAt(),
            incident.status().isActive()));
  }
}
