package org.cityops.ingestion.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;

/** Writes readings the way devices do: native JSON, or SenML (RFC 8428) packs. */
final class PayloadEncoder {
  private PayloadEncoder() {}

  static byte[] nativeJson(Reading reading) {
    return EventJson.write(reading);
  }

  static String nativeRain(SimSensor gauge, Instant time, double rainMm) {
    return EventJson.writeString(Reading.rain(gauge.id(), time, gauge.location(), rainMm));
  }

  /** A rain gauge's SenML pack: base name, base time, position and the rain of the interval. */
  static byte[] senmlRain(Reading reading) {
    String pack =
        String.format(
            Locale.ROOT,
            "[{\"bn\":\"urn:dev:cityops:%s:\",\"bt\":%d.%03d,\"n\":\"lat\",\"u\":\"lat\",\"v\":%s},"
                + "{\"n\":\"lon\",\"u\":\"lon\",\"v\":%s},"
                + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":%s},"
                + "{\"n\":\"battery\",\"u\":\"V\",\"v\":3.6}]",
            reading.sensorId(),
            reading.time().getEpochSecond(),
            reading.time().getNano() / 1_000_000,
            reading.location().lat(),
            reading.location().lon(),
            reading.rainMm());
    return pack.getBytes(StandardCharsets.UTF_8);
  }
}
