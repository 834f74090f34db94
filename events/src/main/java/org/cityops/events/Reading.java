package org.cityops.events;

import java.time.Instant;

/**
 * One measurement of one sensor at one event time. Only the value fields of the sensor's kind are
 * set; the others are null. Units are in the names: rain in mm fallen during the interval ending at
 * {@code time}, water level in m, speeds in km/h, flow in vehicles per interval, occupancy in
 * percent of time the detector is covered, temperature in degrees Celsius.
 *
 * <p>Readings may be delivered more than once (MQTT redelivery); consumers deduplicate on
 * (sensorId, time).
 */
public record Reading(
    String sensorId,
    SensorKind kind,
    Instant time,
    GeoPoint location,
    Double rainMm,
    Double waterLevelM,
    Double speedKmh,
    Double flowVehicles,
    Double occupancyPct,
    Double temperatureC,
    Double humidityPct,
    Double windSpeedKmh,
    Quality quality) {

  public static final int MAX_ID_LENGTH = 128;

  /** A rain gauge reading with only the fields the rain path needs. */
  public static Reading rain(String sensorId, Instant time, GeoPoint location, double rainMm) {
    return new Reading(
        sensorId,
        SensorKind.RAIN_GAUGE,
        time,
        location,
        rainMm,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Quality.OK);
  }

  /** A river or canal station's water level, with none of its other values. */
  public static Reading waterLevel(
      String sensorId, Instant time, GeoPoint location, double waterLevelM) {
    return new Reading(
        sensorId,
        SensorKind.WATER_LEVEL,
        time,
        location,
        null,
        waterLevelM,
        null,
        null,
        null,
        null,
        null,
        null,
        Quality.OK);
  }

  /** A weather station's temperature, with none of its other values. */
  public static Reading temperature(
      String sensorId, Instant time, GeoPoint location, double temperatureC) {
    return weather(sensorId, time, location, temperatureC, null, null);
  }

  /** A weather station's reading; a value it does not measure is null. */
  public static Reading weather(
      String sensorId,
      Instant time,
      GeoPoint location,
      Double temperatureC,
      Double humidityPct,
      Double windSpeedKmh) {
    return new Reading(
        sensorId,
        SensorKind.WEATHER,
        time,
        location,
        null,
        null,
        null,
        null,
        null,
        temperatureC,
        humidityPct,
        windSpeedKmh,
        Quality.OK);
  }

  /**
   * A traffic detector's reading over its interval: mean speed (null when no vehicle passed), the
   * vehicles counted and the share of the interval it was occupied.
   */
  public static Reading trafficLoop(
      String sensorId,
      Instant time,
      GeoPoint location,
      Double speedKmh,
      Double flowVehicles,
      Double occupancyPct) {
    return new Reading(
        sensorId,
        SensorKind.TRAFFIC_LOOP,
        time,
        location,
        null,
        null,
        speedKmh,
        flowVehicles,
        occupancyPct,
        null,
        null,
        null,
        Quality.OK);
  }

  /** A rain gauge's reading whose value is missing: unknown, not zero. */
  public static Reading missingRain(String sensorId, Instant time, GeoPoint location) {
    return new Reading(
        sensorId,
        SensorKind.RAIN_GAUGE,
        time,
        location,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Quality.MISSING);
  }

  /** Checks the structural contract: required fields present, numbers finite, ids bounded. */
  public Reading validate() {
    Contract.text(sensorId, "sensorId", MAX_ID_LENGTH);
    Contract.present(kind, "kind");
    Contract.present(time, "time");
    Contract.present(location, "location").validate("location");
    Contract.finiteOrAbsent(rainMm, "rainMm");
    Contract.finiteOrAbsent(waterLevelM, "waterLevelM");
    Contract.finiteOrAbsent(speedKmh, "speedKmh");
    Contract.finiteOrAbsent(flowVehicles, "flowVehicles");
    Contract.finiteOrAbsent(occupancyPct, "occupancyPct");
    Contract.finiteOrAbsent(temperatureC, "temperatureC");
    Contract.finiteOrAbsent(humidityPct, "humidityPct");
    Contract.finiteOrAbsent(windSpeedKmh, "windSpeedKmh");
    boolean missing = quality == Quality.MISSING;
    switch (kind) {
      case RAIN_GAUGE -> requireValue(missing, rainMm, "rainMm");
      case WATER_LEVEL -> requireValue(missing, waterLevelM, "waterLevelM");
      case TRAFFIC_LOOP -> {
        if (!missing) {
          Contract.require(
              speedKmh != null || flowVehicles != null || occupancyPct != null,
              "speedKmh",
              "a traffic_loop reading needs speedKmh, flowVehicles or occupancyPct");
        }
      }
      case WEATHER -> {
        if (!missing) {
          Contract.require(
              temperatureC != null || humidityPct != null || windSpeedKmh != null,
              "temperatureC",
              "a weather reading needs temperatureC, humidityPct or windSpeedKmh");
        }
      }
    }
    return this;
  }

  private static void requireValue(boolean missing, Double value, String field) {
    if (!missing) {
      Contract.present(value, field);
    }
  }

  /** The same reading at another event time (a replay shifted to the present). */
  public Reading atTime(Instant newTime) {
    return new Reading(
        sensorId,
        kind,
        newTime,
        location,
        rainMm,
        waterLevelM,
        speedKmh,
        flowVehicles,
        occupancyPct,
        temperatureC,
        humidityPct,
        windSpeedKmh,
        quality);
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return sensorId + "@" + time;
  }
}
