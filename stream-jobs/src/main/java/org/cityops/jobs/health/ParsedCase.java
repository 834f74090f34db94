package org.cityops.jobs.health;

import org.cityops.events.CaseNotification;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.RejectedOutput;

/**
 * A {@code city.cases} record after parsing: exactly one of {@code notification} and {@code
 * rejected} is set. Parsed in the source so watermarks follow the notifications' own times; a count
 * out of its range is {@code out_of_range}, another bad field {@code invalid_field}, bytes that are
 * no notification at all {@code malformed}.
 */
public record ParsedCase(CaseRecord notification, Rejected rejected)
    implements org.cityops.jobs.common.ParsedRecord {
  static final String SOURCE = "flink:city.cases";

  /** Clocks of notifying systems run a little fast at worst. */
  static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofDays(1);

  public static ParsedCase parse(byte[] record, long timestampMillis) {
    byte[] value = record == null ? new byte[0] : record;
    try {
      CaseNotification n = EventJson.readCase(value);
      if (n.notifiedAt().isAfter(java.time.Instant.now().plus(FUTURE_TOLERANCE))) {
        // a notification from the future would carry the watermark with it and make every true
        // one after it late
        return new ParsedCase(
            null,
            RejectedOutput.of(
                SOURCE,
                RejectReason.FUTURE_TIME,
                "notifiedAt " + n.notifiedAt() + " is in the future",
                value,
                timestampMillis));
      }
      return new ParsedCase(CaseRecord.of(n), null);
    } catch (ContractViolation e) {
      RejectReason reason =
          "cases".equals(e.field()) ? RejectReason.OUT_OF_RANGE : RejectReason.INVALID_FIELD;
      return new ParsedCase(
          null, RejectedOutput.of(SOURCE, reason, e.getMessage(), value, timestampMillis));
    } catch (RuntimeException e) {
      return new ParsedCase(
          null,
          RejectedOutput.of(
              SOURCE,
              RejectReason.MALFORMED,
              "not a case notification: " + e.getMessage(),
              value,
              timestampMillis));
    }
  }

  /** The notification's time when it parsed, else the Kafka record's. */
  @Override
  public boolean isEvent() {
    return notification != null;
  }

  @Override
  public long eventTimeMillis(long recordTimestamp) {
    return notification != null ? notification.notifiedAt().toEpochMilli() : recordTimestamp;
  }
}
