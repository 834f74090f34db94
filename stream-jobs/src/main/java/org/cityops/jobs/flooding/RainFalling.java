package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.FilterFunction;
import org.cityops.jobs.rain.RainSums;

/**
 * Lets through only sums with rain in their last hour, before they cross to {@link
 * StrongRainToRegions}. That operator takes the rule broadcast as a second input, so Flink does not
 * chain it to the rolling sums: every sum crossed between tasks (serialised, handed over,
 * deserialised) to be compared with the strong-rain bound. A dry hour can never pass that bound:
 * the starting setting and every pushed version must be above 0 mm ({@code RainRuleChange}'s
 * contract, {@code FloodingConfig}'s check), so dropping it here, in the sums' own thread, changes
 * nothing downstream. On most days most sums are dry.
 */
public final class RainFalling implements FilterFunction<RainSums> {
  @Override
  public boolean filter(RainSums sums) {
    return sums.rain1hMm() > 0;
  }
}
