package org.cityops.ingestion.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;

/**
 * Turns one sensor payload into readings. Accepts the native JSON (one {@link Reading} object) and
 * SenML packs (a JSON array, RFC 8428); the first non-blank byte decides. The topic names the
 * sensor: a payload that claims another sensor or kind is refused. Parsing checks structure only;
 * plausibility is {@link org.cityops.ingestion.validate.ReadingValidator}'s job.
 *
 * <p>Thread-safe and stateless.
 */
public final class ReadingParser {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_SENML_RECORDS = 1_000;

  private final int maxPayloadBytes;
  private final SenmlParser senml;

  public ReadingParser() {
    this(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_SENML_RECORDS);
  }

  public ReadingParser(int maxPayloadBytes, int maxSenmlRecords) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.senml = new SenmlParser(maxSenmlRecords);
  }

  /**
   * @param now the receive time, used for SenML relative times
   * @return at least one reading
   */
  public List<Reading> parse(SensorTopic topic, byte[] payload, Instant now) throws ParseException {
    Payloads.requireSizeAndUtf8(payload, maxPayloadBytes);
    byte first = firstNonBlank(payload);
    if (first == '[') {
      return fromSenml(topic, readTree(payload), now);
    }
    if (first == '{') {
      return List.of(fromNative(topic, payload));
    }
    throw new ParseException(
        RejectReason.MALFORMED, "payload is neither a JSON object nor a SenML array");
  }

  private static byte firstNonBlank(byte[] payload) {
    for (byte b : payload) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
    return 0;
  }

  private static JsonNode readTree(byte[] payload) throws ParseException {
    try {
      return EventJson.mapper().readTree(payload);
    } catch (JsonProcessingException e) {
      throw new ParseException(RejectReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ParseException(RejectReason.MALFORMED, "not valid JSON: " + e.getMessage());
    }
  }

  private static Reading fromNative(SensorTopic topic, byte[] payload) throws ParseException {
    Reading reading;
    try {
      reading = EventJson.readReading(payload);
    } catch (ContractViolation e) {
      throw new ParseException(RejectReason.INVALID_FIELD, e.getMessage());
    } catch (EventJson.MalformedJsonException e) {
      throw new ParseException(RejectReason.MALFORMED, "not a valid reading: " + e.getMessage());
    }
    if (!reading.sensorId().equals(topic.sensorId())) {
      throw new ParseException(
          RejectReason.INVALID_FIELD,
          "field 'sensorId' is '"
              + reading.sensorId()
              + "' but the topic is for '"
              + topic.sensorId()
              + "'");
    }
    if (reading.kind() != topic.kind()) {
      throw new ParseException(
          RejectReason.INVALID_FIELD,
          "field 'kind' is '"
              + reading.kind().wireName()
              + "' but the topic is for '"
              + topic.kind().wireName()
              + "'");
    }
    return reading;
  }

  private List<Reading> fromSenml(SensorTopic topic, JsonNode pack, Instant now)
      throws ParseException {
    SenmlParser.Resolved resolved = senml.resolve(pack, now);
    if (resolved.lat() == null || resolved.lon() == null) {
      throw SenmlParser.invalid(
          "lat", "and 'lon' records are required: the pack must say where the sensor is");
    }
    GeoPoint location = new GeoPoint(resolved.lat(), resolved.lon());
    List<Reading> readings = new ArrayList<>(resolved.valuesByTime().size());
    for (Map.Entry<Instant, Map<Measurement, Double>> e : resolved.valuesByTime().entrySet()) {
      Map<Measurement, Double> v = e.getValue();
      Reading reading =
          new Reading(
              topic.sensorId(),
              topic.kind(),
              e.getKey(),
              location,
              v.get(Measurement.RAIN),
              v.get(Measurement.LEVEL),
              v.get(Measurement.SPEED),
              v.get(Measurement.FLOW),
              v.get(Measurement.OCCUPANCY),
              v.get(Measurement.TEMPERATURE),
              v.get(Measurement.HUMIDITY),
              v.get(Measurement.WIND),
              Quality.OK);
      try {
        readings.add(reading.validate());
      } catch (ContractViolation violation) {
        throw new ParseException(RejectReason.INVALID_FIELD, violation.getMessage());
      }
    }
    return readings;
  }
}
