package org.cityops.jobs.common;

import org.cityops.events.CitizenReport;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;

/**
 * A {@code city.reports} record after parsing: exactly one of {@code report} and {@code rejected}
 * is set. As for readings, parsing happens in the source so watermarks come from the reports' own
 * times, and a bad record travels on as a rejection; a report timed more than a day after its
 * record was written is refused ({@code future_time}; {@link RecordTimeBound}).
 */
public record ParsedReport(CitizenReport report, Rejected rejected) implements ParsedRecord {

  /**
   * Parses one record value; {@code timestampMillis} is the record's Kafka timestamp, negative for
   * none: it stamps a rejection and bounds the report's time, never the clock.
   */
  public static ParsedReport parse(byte[] record, long timestampMillis) {
    byte[] value = record == null ? new byte[0] : record;
    try {
      CitizenReport report = EventJson.readReport(value);
      String ahead = RecordTimeBound.problem(report.time(), timestampMillis);
      if (ahead != null) {
        return rejected(RejectReason.FUTURE_TIME, ahead, value, timestampMillis);
      }
      return new ParsedReport(report, null);
    } catch (ContractViolation e) {
      return rejected(RejectReason.INVALID_FIELD, e.getMessage(), value, timestampMillis);
    } catch (RuntimeException e) {
      return rejected(
          RejectReason.MALFORMED, "not a report: " + e.getMessage(), value, timestampMillis);
    }
  }

  private static ParsedReport rejected(
      RejectReason reason, String detail, byte[] value, long timestampMillis) {
    return new ParsedReport(
        null, RejectedOutput.of("flink:city.reports", reason, detail, value, timestampMillis));
  }

  @Override
  public boolean isEvent() {
    return report != null;
  }

  @Override
  public long eventTimeMillis(long recordTimestamp) {
    return report != null ? report.time().toEpochMilli() : recordTimestamp;
  }
}
