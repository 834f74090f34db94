package org.cityops.ingestion.parse;

import java.util.Optional;
import java.util.regex.Pattern;
import org.cityops.events.SensorKind;

/**
 * The MQTT topic a sensor publishes on: {@code city/sensors/<kind>/<sensorId>}, e.g. {@code
 * city/sensors/rain_gauge/barrinha}. The topic names the sensor, so a payload that claims another
 * sensor is refused (a device may only speak for itself; the broker's ACL ties devices to topics).
 */
public record SensorTopic(SensorKind kind, String sensorId) {
  public static final String PREFIX = "city/sensors/";

  /**
   * Letters and digits of any script (Rio's gauges are named in Portuguese: {@code rio-grajaú-6}),
   * and {@code _ . : -}. A topic level cannot hold {@code /}, and {@code + #}, spaces and control
   * characters are refused so an id is always a plain, printable topic level.
   */
  private static final Pattern SENSOR_ID = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,128}");

  public static String of(SensorKind kind, String sensorId) {
    return PREFIX + kind.wireName() + "/" + sensorId;
  }

  public static Optional<SensorTopic> parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = topic.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 2 || !SENSOR_ID.matcher(parts[1]).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(SensorKind.ofWireName(parts[0]))
        .map(kind -> new SensorTopic(kind, parts[1]));
  }
}
