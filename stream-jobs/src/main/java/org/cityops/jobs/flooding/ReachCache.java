package org.cityops.jobs.flooding;

import java.util.Set;
import org.cityops.events.GeoPoint;
import org.cityops.jobs.common.BoundedMemo;

/**
 * A gauge's reach and rain regions ({@link RainRegions}), worked out once per location: gauges do
 * not move, and a reach is 169 cells with the defaults, each cell id built from the point. Holds
 * the {@value #MAX} locations used last; not thread-safe (one per function instance, made in the
 * task's thread).
 */
final class ReachCache {
  static final int MAX = 10_000;

  private final BoundedMemo<GeoPoint, Set<String>> reach;
  private final BoundedMemo<GeoPoint, Set<String>> regionsReached;

  ReachCache(RainRegions regions) {
    this.reach = BoundedMemo.of(regions::reach, MAX);
    this.regionsReached = BoundedMemo.of(regions::regionsReachedFrom, MAX);
  }

  Set<String> reach(GeoPoint gauge) {
    return reach.get(gauge);
  }

  Set<String> regionsReachedFrom(GeoPoint gauge) {
    return regionsReached.get(gauge);
  }
}
