package org.cityops.jobs.common;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;

/** Side outputs for records a job refuses, and the {@link Rejected} records they carry. */
public final class RejectedOutput {
  private RejectedOutput() {}

  public static OutputTag<Rejected> tag(String name) {
    return new OutputTag<>(name, TypeInformation.of(Rejected.class));
  }

  /**
   * A rejection stamped with the record's event timestamp (not the clock), so a replay rejects with
   * identical bytes. Jobs see data already pseudonymised at ingestion, so nothing is scrubbed.
   */
  public static Rejected of(
      String source, RejectReason reason, String detail, byte[] payload, Long timestampMillis) {
    Instant at = timestampMillis == null ? Instant.EPOCH : Instant.ofEpochMilli(timestampMillis);
    return Rejected.of(source, reason, detail, payload, at, UnaryOperator.identity());
  }

  /** An operator's action refused, under the source {@code city.control:<incident>}. */
  public static Rejected ofControl(
      org.cityops.events.ControlMessage control, RejectReason reason, String detail) {
    return of(
        "city.control:" + control.incidentId(),
        reason,
        detail,
        org.cityops.events.EventJson.writeString(control)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        control.at().toEpochMilli());
  }
}
