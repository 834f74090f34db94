package org.cityops.jobs.common;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.Reading;
import org.cityops.events.Rejected;

/** Readings go on; rejections go to {@link #REJECTED}. Stateless. */
public final class SplitParsedFunction extends ProcessFunction<ParsedReading, Reading> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("unparseable-readings");

  @Override
  public void processElement(ParsedReading parsed, Context ctx, Collector<Reading> out) {
    if (parsed.reading() != null) {
      out.collect(parsed.reading());
    } else {
      ctx.output(REJECTED, parsed.rejected());
    }
  }
}
