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
 */
public record ParsedReading(Reading reading, Rejected rejected) implements ParsedRecord {

  /** Parses one record value; {@code timestampMillis} stamps a rejection (not the clock). */
  public static ParsedReading parse(byte[] record, long timestampMillis) {
    byte[] value = record == null ? new byte[0] : record; // a tombstone is rejected, not fatal
    try {
      return new ParsedReading(EventJson.readReading(value), null);
    } catch (ContractViolation e) {
      return rejected(RejectReason.INVALID_FIELD, e.getMessage(), value, timestampMillis);
    } catch (RuntimeException e) {
      return rejected(
          RejectReason.MALFORMED, "not a reading: " + e.getMessage(), value, timestampMillis);
    }
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
