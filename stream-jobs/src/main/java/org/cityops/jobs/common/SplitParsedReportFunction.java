package org.cityops.jobs.common;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CitizenReport;
import org.cityops.events.Rejected;

/** Reports go on; rejections go to {@link #REJECTED}. Stateless. */
public final class SplitParsedReportFunction extends ProcessFunction<ParsedReport, CitizenReport> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("unparseable-reports");

  @Override
  public void processElement(ParsedReport parsed, Context ctx, Collector<CitizenReport> out) {
    if (parsed.report() != null) {
      out.collect(parsed.report());
    } else {
      ctx.output(REJECTED, parsed.rejected());
    }
  }
}
