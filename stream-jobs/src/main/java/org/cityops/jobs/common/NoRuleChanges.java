package org.cityops.jobs.common;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
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

  /**
   * {@code changes} when a job is given rule changes; else an empty stream made from {@code
   * following} (operator {@code uid}), which it follows in event time.
   */
  public static <T> DataStream<RainRuleChange> orNone(
      DataStream<RainRuleChange> changes, DataStream<T> following, String uid) {
    return changes != null
        ? changes
        : following
            .flatMap(new NoRuleChanges<T>())
            .returns(TypeInformation.of(RainRuleChange.class))
            .uid(uid)
            .name("no rule changes");
  }
}
