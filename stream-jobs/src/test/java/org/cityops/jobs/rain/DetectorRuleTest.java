package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.cityops.events.RainRuleChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectorRule} as an operator holds it: after Java serialization (as Flink ships the
 * function to its tasks), with its versions in a real broadcast state.
 */
class DetectorRuleTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");

  /** How often a pushed version was converted, by every instance in this JVM. */
  private static final AtomicInteger CONVERSIONS = new AtomicInteger();

  /** Emits, for each instant it is given, the rule in force then, as {@code id vN: reporters}. */
  static final class InForceAt extends BroadcastProcessFunction<Instant, RainRuleChange, String> {
    private final DetectorRule<Integer> rule =
        new DetectorRule<>(
            RainRuleChange.Detector.URBAN_FLOODING,
            "urban-flooding",
            1,
            3,
            change -> {
              CONVERSIONS.incrementAndGet();
              return change.flooding().minReporters();
            });

    @Override
    public void processElement(Instant at, ReadOnlyContext ctx, Collector<String> out)
        throws Exception {
      DetectorRule.InForce<Integer> v = rule.inForce(ctx.getBroadcastState(RuleVersions.RULES), at);
      out.collect(v.ruleId() + " v" + v.version() + ": " + v.rule());
    }

    @Override
    public void processBroadcastElement(RainRuleChange change, Context ctx, Collector<String> out)
        throws Exception {
      rule.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
    }
  }

  private BroadcastOperatorTestHarness<Instant, RainRuleChange, String> harness;

  @BeforeEach
  void setUp() throws Exception {
    CONVERSIONS.set(0);
    InForceAt shipped = InstantiationUtil.clone(new InForceAt(), InForceAt.class.getClassLoader());
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(shipped, RuleVersions.RULES);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minute(long m) {
    return T0.plusSeconds(60 * m);
  }

  private static RainRuleChange flooding(String id, long version, long fromMinute, int reporters) {
    return RainRuleChange.urbanFlooding(
        id,
        version,
        minute(fromMinute),
        "eng",
        T0,
        new RainRuleChange.UrbanFlooding(reporters, 25.1));
  }

  private List<String> judge(long... minutes) throws Exception {
    harness.getOutput().clear();
    for (long m : minutes) {
      harness.processElement(minute(m), 0);
    }
    return harness.extractOutputValues();
  }

  @Test
  void theStartingVersionIsInForceUntilAPushedOneTakesEffect() throws Exception {
    assertThat(judge(0, 60)).containsExactly("urban-flooding v1: 3", "urban-flooding v1: 3");

    harness.processBroadcastElement(flooding("crowd-of-two", 2, 20, 2), 0);
    harness.processBroadcastElement(flooding("crowd-of-five", 3, 40, 5), 0);

    assertThat(judge(10, 20, 39, 40, 90))
        .containsExactly(
            "urban-flooding v1: 3",
            "crowd-of-two v2: 2",
            "crowd-of-two v2: 2",
            "crowd-of-five v3: 5",
            "crowd-of-five v3: 5");
  }

  @Test
  void eachPushedVersionIsConvertedOnceHoweverOftenItIsAskedFor() throws Exception {
    harness.processBroadcastElement(flooding("crowd-of-two", 2, 20, 2), 0);
    judge(0, 20, 21, 22, 23, 24, 25);
    assertThat(CONVERSIONS).hasValue(1);
  }

  @Test
  void versionsNoHigherThanTheStartingOneAndOtherDetectorsRulesAreNotTaken() throws Exception {
    harness.processBroadcastElement(flooding("older", 1, 0, 9), 0);
    harness.processBroadcastElement(
        new RainRuleChange(
            "heavy-rain",
            7,
            RainRuleChange.Detector.HEAVY_RAIN,
            minute(0),
            "eng",
            T0,
            1.0,
            2.0,
            3.0,
            null,
            null),
        0);

    assertThat(judge(30)).containsExactly("urban-flooding v1: 3");
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries()).isEmpty();
  }
}
