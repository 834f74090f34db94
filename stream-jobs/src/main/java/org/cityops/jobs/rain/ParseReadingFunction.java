package org.cityops.jobs.rain;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Parses {@code city.readings} records. A record that does not parse (written by something other
 * than the bridge, or by a newer bridge) goes to {@link #REJECTED} with the reason; the job never
 * fails on one bad record. Stateless.
 */
public final class ParseReadingFunction extends ProcessFunction<byte[], Reading> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("unparseable-readings");

  @Override
  public void processElement(byte[] record, Context ctx, Collector<Reading> out) {
    byte[] value = record == null ? new byte[0] : record; // a tombstone is rejected, not fatal
    try {
      out.collect(EventJson.readReading(value));
    } catch (ContractViolation e) {
      ctx.output(
          REJECTED,
          RejectedOutput.of(
              "flink:city.readings",
              RejectReason.INVALID_FIELD,
              e.getMessage(),
              value,
              ctx.timestamp()));
    } catch (RuntimeException e) {
      ctx.output(
          REJECTED,
          RejectedOutput.of(
              "flink:city.readings",
              RejectReason.MALFORMED,
              "not a reading: " + e.getMessage(),
              value,
              ctx.timestamp()));
    }
  }
}
