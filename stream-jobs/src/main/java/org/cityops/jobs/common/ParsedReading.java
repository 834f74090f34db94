package org.cityops.jobs.common;

import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;

/**
 * A {@code city.readings} record after parsing: exactly one of {@code reading} and {@code rejected}
 * is set. Parsing happens in the source so that watermarks can be generated per Kafka partition
 * from the readings' own times; a bad record travels on as a rejection, never as a failure.
 *
 * <p>A reading timed more than a day after its record was written is refused ({@code future_time};
 * {@link RecordTimeBound}). The bridge refuses such readings at the door, by its own clock; this
 * keeps them out of the jobs whatever wrote the record.
 *
 * <p>A value no sensor can measure is refused too ({@code out_of_range}): negative rain, speed,
 * count or wind, an occupancy or humidity outside 0-100%. Negative rain taken would be subtracted
 * from the gauge's sums and hide a storm for as long as its windows hold it (96 hours). The bridge
 * refuses these and its own plausibility limits; here only what is impossible, whatever wrote it.
 */
public record ParsedReading(Reading reading, Rejected rejected) implements ParsedRecord {

  /**
   * Parses one record value. {@code timestampMillis} is the record's Kafka timestamp, negative for
   * none (Kafka's {@code NO_TIMESTAMP}, and finite test sources): it stamps a rejection and bounds
   * a reading's time ({@link RecordTimeBound}); never the clock.
   */
  public static ParsedReading parse(byte[] record, long timestampMillis) {
    byte[] value = record == null ? new byte[0] : record; // a tombstone is rejected, not fatal
    try {
      Reading reading = EventJson.readReading(value);
      String ahead = RecordTimeBound.problem(reading.time(), timestampMillis);
      if (ahead != null) {
        return rejected(RejectReason.FUTURE_TIME, ahead, value, timestampMillis);
      }
      String impossible = impossibleValue(reading);
      if (impossible != null) {
        return rejected(RejectReason.OUT_OF_RANGE, impossible, value, timestampMillis);
      }
      return new ParsedReading(reading, null);
    } catch (ContractViolation e) {
      return rejected(RejectReason.INVALID_FIELD, e.getMessage(), value, timestampMillis);
    } catch (RuntimeException e) {
      return rejected(
          RejectReason.MALFORMED, "not a reading: " + e.getMessage(), value, timestampMillis);
    }
  }

  /** The first value of {@code r} no sensor can measure, described; null when there is none. */
  static String impossibleValue(Reading r) {
    String problem = below(r.rainMm(), 0, "rainMm");
    problem = problem != null ? problem : below(r.speedKmh(), 0, "speedKmh");
    problem = problem != null ? problem : below(r.flowVehicles(), 0, "flowVehicles");
    problem = problem != null ? problem : below(r.windSpeedKmh(), 0, "windSpeedKmh");
    problem = problem != null ? problem : percent(r.occupancyPct(), "occupancyPct");
    return problem != null ? problem : percent(r.humidityPct(), "humidityPct");
  }

  private static String below(Double value, double min, String field) {
    return value != null && value < min
        ? "field '" + field + "' is " + value + ", below " + min
        : null;
  }

  private static String percent(Double value, String field) {
    return value != null && (value < 0 || value > 100)
        ? "field '" + field + "' is " + value + ", outside 0..100"
        : null;
  }

  private static ParsedReading rejected(
      RejectReason reason, String detail, byte[] value, long timestampMillis) {
    return new ParsedReading(
        null, RejectedOutput.of("flink:city.readings", reason, detail, value, timestampMillis));
  }

  @Override
  public boolean isEvent() {
    return reading != null;
  }

  /** Event time: the reading's own time, or the record's timestamp for a rejection. */
  @Override
  public long eventTimeMillis(long recordTimestamp) {
    return reading != null ? reading.time().toEpochMilli() : recordTimestamp;
  }
}
