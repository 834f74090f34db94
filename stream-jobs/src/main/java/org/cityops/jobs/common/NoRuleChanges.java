package org.cityops.jobs.common;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.RainRuleChange;

/**
 * Emits nothing: the rule input of a job given no rule changes (a backtest, a replay). Made from
 * the job's main input, so that the empty rule input follows that input's event time and never
 * holds a detector's watermark back. Stateless.
 *
 * @param <T> the records of the input it is made from
 */
public final class NoRuleChanges<T> implements FlatMapFunction<T, RainRuleChange> {
  @Override
  public void flatMap(T value, Collector<RainRuleChange> out) {}
}
