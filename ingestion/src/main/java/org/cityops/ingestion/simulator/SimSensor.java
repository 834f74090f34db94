package org.cityops.ingestion.simulator;

import org.cityops.events.GeoPoint;
import org.cityops.events.SensorKind;

/** A sensor of the synthetic city. */
public record SimSensor(String id, SensorKind kind, GeoPoint location) {}
