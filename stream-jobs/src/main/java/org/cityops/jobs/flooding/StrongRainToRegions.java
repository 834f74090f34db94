package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.RainRuleChange;
import org.cityops.jobs.rain.DetectorRule;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RuleVersions;

/**
 * Sends a gauge's strong hourly rain to the rain regions ({@link RainRegions}) its reach touches,
 * where it waits for reports ({@link RainForReportedCells}). Sums below the bound pass nothing:
 * only strong rain corroborates.
 *
 * <p>The bound is the urban-flooding rule's in force at the sum's window end: the starting one, or
 * the highest version pushed at run time ({@code city.control}, the broadcast input) in force then
 * ({@link RuleVersions}). State: those versions only (broadcast); no timers.
 */
public final class StrongRainToRegions
    extends BroadcastProcessFunction<RainSums, RainRuleChange, RainRegionSignal> {
  private final RainRegions regions;
  private transient ReachCache reaches;
  private final DetectorRule<Double> bound;

  /**
   * @param config the settings and the starting rule's corroborating rain
   * @param version the starting rule's version (0 for single settings)
   */
  public StrongRainToRegions(FloodingConfig config, long version) {
    this.regions = new RainRegions(config);
    // the starting rule's id is not needed: this filter names no rule in any output
    this.bound =
        new DetectorRule<>(
            RainRuleChange.Detector.URBAN_FLOODING,
            "urban-flooding",
            version,
            config.strongRainMm(),
            change -> change.flooding().strongRainMm());
  }

  @Override
  public void open(OpenContext openContext) {
    reaches = new ReachCache(regions);
  }

  @Override
  public void processBroadcastElement(
      RainRuleChange change, Context ctx, Collector<RainRegionSignal> out) throws Exception {
    bound.accept(ctx.getBroadcastState(RuleVersions.RULES), change);
  }

  @Override
  public void processElement(RainSums sums, ReadOnlyContext ctx, Collector<RainRegionSignal> out)
      throws Exception {
    double strongMm =
        bound.inForce(ctx.getBroadcastState(RuleVersions.RULES), sums.windowEnd()).rule();
    if (sums.rain1hMm() < strongMm) {
      return;
    }
    for (String region : reaches.regionsReachedFrom(sums.location())) {
      out.collect(
          RainRegionSignal.rain(
              region, sums.gaugeId(), sums.location(), sums.windowEnd(), sums.rain1hMm()));
    }
  }
}
