package org.cityops.jobs.health;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Counts each notification once, keyed by its id. The first arrival adds its cases; the same facts
 * again are a {@code duplicate} (set aside with that reason); changed facts (confirmed, discarded,
 * another onset or neighbourhood) withdraw what was counted and count the new facts, so revisions
 * move counts and are never added twice.
 *
 * <p>Order: a notification's versions may arrive in any order (two partitions, a rebalanced
 * source); the newest by {@code notifiedAt} is what counts, and a version older than the one
 * counted changes nothing (it is set aside as a {@code duplicate}: it was superseded). State: the
 * facts counted, cleared {@code remember} after the newest version (by then its onset is older than
 * any week still revised).
 */
public final class CaseDeduplication extends KeyedProcessFunction<String, PlacedCase, CaseDelta> {
  public static final OutputTag<Rejected> DUPLICATES = RejectedOutput.tag("duplicate-cases");

  private final long rememberMillis;
  private transient ValueState<PlacedCase> counted;

  public CaseDeduplication(Duration remember) {
    this.rememberMillis = remember.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    counted = getRuntimeContext().getState(new ValueStateDescriptor<>("counted", PlacedCase.class));
  }

  @Override
  public void processElement(PlacedCase c, Context ctx, Collector<CaseDelta> out) throws Exception {
    PlacedCase before = counted.value();
    boolean superseded =
        before != null
            && c.notification().notifiedAt().isBefore(before.notification().notifiedAt());
    if (before != null && (before.sameFactsAs(c) || superseded)) {
      ctx.output(
          DUPLICATES,
          RejectedOutput.of(
              "city.cases:" + c.id(),
              RejectReason.DUPLICATE,
              superseded
                  ? "notification "
                      + c.id()
                      + " of "
                      + c.notification().notifiedAt()
                      + " was superseded by its version of "
                      + before.notification().notifiedAt()
                  : "notification " + c.id() + " was counted already with the same facts",
              EventJson.write(c.notification().toNotification()),
              c.notification().notifiedAt().toEpochMilli()));
      return;
    }
    if (before != null && before.notification().counts()) {
      out.collect(delta(before, -before.notification().cases(), false, c));
    }
    if (c.notification().counts()) {
      out.collect(delta(c, c.notification().cases(), before == null, c));
    }
    counted.update(c);
    ctx.timerService()
        .registerEventTimeTimer(c.notification().notifiedAt().toEpochMilli() + rememberMillis);
  }

  private static CaseDelta delta(PlacedCase facts, int delta, boolean arrival, PlacedCase now) {
    return new CaseDelta(
        facts.neighbourhood(),
        facts.notification().disease(),
        facts.notification().onsetDay(),
        delta,
        arrival,
        now.notification().notifiedAt());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseDelta> out)
      throws Exception {
    PlacedCase last = counted.value();
    if (last != null
        && timestamp >= last.notification().notifiedAt().toEpochMilli() + rememberMillis) {
      counted.clear();
    }
  }
}
