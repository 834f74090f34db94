package org.cityops.ingestion.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.RejectReason;

/**
 * Reads a SenML pack (RFC 8428, JSON form) into per-time measurement maps. Base fields ({@code bn},
 * {@code bt}, {@code bu}, {@code bv}) apply to their record and every later one, as the RFC says; a
 * resolved time below 2^28 s is relative to "now". The measurement is the part of the resolved name
 * after its last {@code :} or {@code /} (for {@code urn:dev:cityops:barrinha:} + {@code rain} it is
 * {@code rain}); the sensor itself is named by the MQTT topic, not by the pack.
 *
 * <p>Known measurements and the units accepted for them are in {@link Measurement}; unknown names
 * (battery level, firmware) are ignored like unknown JSON fields, a known name with a wrong unit is
 * refused.
 */
final class SenmlParser {
  private static final double RELATIVE_TIME_LIMIT = 1 << 28;

  private final int maxRecords;

  SenmlParser(int maxRecords) {
    this.maxRecords = maxRecords;
  }

  /** The resolved pack: values by time, and the position if the pack carried one. */
  record Resolved(Map<Instant, Map<Measurement, Double>> valuesByTime, Double lat, Double lon) {}

  Resolved resolve(JsonNode pack, Instant now) throws ParseException {
    if (!pack.isArray() || pack.isEmpty()) {
      throw new ParseException(RejectReason.MALFORMED, "a SenML pack must be a non-empty array");
    }
    if (pack.size() > maxRecords) {
      throw new ParseException(
          RejectReason.OVERSIZED,
          "SenML pack has " + pack.size() + " records, more than the limit of " + maxRecords);
    }
    String baseName = "";
    double baseTime = 0;
    String baseUnit = null;
    double baseValue = 0;
    Map<Instant, Map<Measurement, Double>> byTime = new TreeMap<>();
    Double lat = null;
    Double lon = null;
    for (int i = 0; i < pack.size(); i++) {
      JsonNode rec = pack.get(i);
      String at = "[" + i + "]";
      if (!rec.isObject()) {
        throw invalid(at, "must be a SenML record object");
      }
      if (rec.has("bver") && (!rec.get("bver").canConvertToInt() || rec.get("bver").asInt() > 10)) {
        throw invalid(at + ".bver", "is an unsupported SenML version");
      }
      if (rec.has("bn")) {
        baseName = text(rec, "bn", at);
      }
      if (rec.has("bt")) {
        baseTime = number(rec, "bt", at);
      }
      if (rec.has("bu")) {
        baseUnit = text(rec, "bu", at);
      }
      if (rec.has("bv")) {
        baseValue = number(rec, "bv", at);
      }
      String name = baseName + (rec.has("n") ? text(rec, "n", at) : "");
      if (name.isEmpty()) {
        throw invalid(at + ".n", "is required: a record needs a name (bn + n)");
      }
      if (!rec.has("v")) {
        if (rec.has("vs") || rec.has("vb") || rec.has("vd") || rec.has("s")) {
          continue; // string, boolean, data values and sums carry nothing CityOps reads
        }
        throw invalid(at + ".v", "is required");
      }
      double value = baseValue + number(rec, "v", at);
      String unit = rec.has("u") ? text(rec, "u", at) : baseUnit;
      String measurementName =
          name.substring(Math.max(name.lastIndexOf(':'), name.lastIndexOf('/')) + 1);
      Measurement measurement = Measurement.byName(measurementName);
      if (measurement == null) {
        continue;
      }
      double converted = measurement.toCanonical(value, unit, at + ".u");
      if (measurement == Measurement.LAT) {
        lat = converted;
        continue;
      }
      if (measurement == Measurement.LON) {
        lon = converted;
        continue;
      }
      double seconds = baseTime + (rec.has("t") ? number(rec, "t", at) : 0);
      Instant time = resolveTime(seconds, now, at);
      Map<Measurement, Double> values = byTime.computeIfAbsent(time, t -> new LinkedHashMap<>());
      if (values.containsKey(measurement)) {
        throw invalid(at + ".n", "repeats '" + measurementName + "' for the same time " + time);
      }
      values.put(measurement, converted);
    }
    if (byTime.isEmpty()) {
      throw invalid("n", "the pack holds no measurement CityOps knows " + Measurement.names());
    }
    return new Resolved(byTime, lat, lon);
  }

  private static Instant resolveTime(double seconds, Instant now, String at) throws ParseException {
    if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e11) {
      throw invalid(at + ".t", "is not a usable time: " + seconds);
    }
    long nanos = Math.round(seconds * 1e9);
    if (Math.abs(seconds) < RELATIVE_TIME_LIMIT) {
      return now.plusNanos(nanos);
    }
    return Instant.ofEpochSecond(0, nanos);
  }

  private static String text(JsonNode rec, String field, String at) throws ParseException {
    JsonNode node = rec.get(field);
    if (!node.isTextual()) {
      throw invalid(at + "." + field, "must be a string");
    }
    return node.asText();
  }

  private static double number(JsonNode rec, String field, String at) throws ParseException {
    JsonNode node = rec.get(field);
    if (!node.isNumber()) {
      throw invalid(at + "." + field, "must be a number");
    }
    double value = node.asDouble();
    if (!Double.isFinite(value)) {
      throw invalid(at + "." + field, "must be finite");
    }
    return value;
  }

  static ParseException invalid(String field, String problem) {
    return new ParseException(RejectReason.INVALID_FIELD, "field '" + field + "' " + problem);
  }
}
