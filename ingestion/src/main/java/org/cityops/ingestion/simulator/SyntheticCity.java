package org.cityops.ingestion.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cityops.events.GeoPoint;
import org.cityops.events.SensorKind;

/**
 * A made-up city laid over Rio de Janeiro's footprint: rain gauges on a jittered grid, river level
 * stations and weather stations. Generated from a seed, so a scenario replays identically. Its
 * traffic detectors are those of a road network ({@code CitySimulator.Options#withTraffic}), not
 * scattered points.
 */
public final class SyntheticCity {
  public static final double SOUTH = -23.05;
  public static final double NORTH = -22.80;
  public static final double WEST = -43.70;
  public static final double EAST = -43.15;

  private final List<SimSensor> sensors;

  private SyntheticCity(List<SimSensor> sensors) {
    this.sensors = List.copyOf(sensors);
  }

  /** {@code gauges} rain gauges plus a fixed share of river and weather stations. */
  public static SyntheticCity generate(int gauges, long seed) {
    Random random = new Random(seed);
    List<SimSensor> sensors = new ArrayList<>();
    int columns = (int) Math.ceil(Math.sqrt(gauges * 2.0));
    int rows = (int) Math.ceil((double) gauges / columns);
    for (int i = 0; i < gauges; i++) {
      double lat = SOUTH + (NORTH - SOUTH) * ((i / columns) + 0.5 + jitter(random)) / rows;
      double lon = WEST + (EAST - WEST) * ((i % columns) + 0.5 + jitter(random)) / columns;
      sensors.add(
          new SimSensor("gauge-%03d".formatted(i + 1), SensorKind.RAIN_GAUGE, round(lat, lon)));
    }
    for (int i = 0; i < Math.max(1, gauges / 4); i++) {
      sensors.add(
          new SimSensor(
              "river-%03d".formatted(i + 1), SensorKind.WATER_LEVEL, randomPoint(random)));
    }
    for (int i = 0; i < Math.max(1, gauges / 6); i++) {
      sensors.add(
          new SimSensor("weather-%03d".formatted(i + 1), SensorKind.WEATHER, randomPoint(random)));
    }
    return new SyntheticCity(sensors);
  }

  private static double jitter(Random random) {
    return (random.nextDouble() - 0.5) * 0.6;
  }

  private static GeoPoint randomPoint(Random random) {
    return round(
        SOUTH + (NORTH - SOUTH) * random.nextDouble(), WEST + (EAST - WEST) * random.nextDouble());
  }

  private static GeoPoint round(double lat, double lon) {
    return new GeoPoint(Math.round(lat * 1e5) / 1e5, Math.round(lon * 1e5) / 1e5);
  }

  public List<SimSensor> sensors() {
    return sensors;
  }

  public List<SimSensor> sensors(SensorKind kind) {
    return sensors.stream().filter(s -> s.kind() == kind).toList();
  }
}
