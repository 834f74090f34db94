package org.cityops.jobs.common;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.cityops.events.Rejected;

/**
 * Passes rejections through and counts them by reason in Flink's metrics ({@code rejectedRecords},
 * in a group {@code reason}), so the Pipeline dashboard shows what is refused and why. Counters are
 * per subtask and start at zero when the task starts.
 */
public final class RejectionCounter extends RichMapFunction<Rejected, Rejected> {
  public static final String METRIC = "rejectedRecords";
  private transient Map<String, Counter> counters;

  @Override
  public void open(OpenContext openContext) {
    counters = new HashMap<>();
  }

  @Override
  public Rejected map(Rejected rejected) {
    String reason = rejected.reason().name().toLowerCase(Locale.ROOT);
    counters
        .computeIfAbsent(
            reason, r -> getRuntimeContext().getMetricGroup().addGroup("reason", r).counter(METRIC))
        .inc();
    return rejected;
  }
}
