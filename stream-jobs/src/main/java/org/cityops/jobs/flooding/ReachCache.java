package org.cityops.jobs.flooding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cityops.events.GeoPoint;

/**
 * A gauge's reach and rain regions ({@link RainRegions}), worked out once per location: gauges do
 * not move, and a reach is 169 cells with the defaults, each cell id built from the point. Holds
 * the {@value #MAX} locations used last; not thread-safe (one per function instance, made in the
 * task's thread).
 */
final class ReachCache {
  static final int MAX = 10_000;

  private final RainRegions regions;
  private final Map<GeoPoint, Set<String>> reach = lastUsed();
  private final Map<GeoPoint, Set<String>> regionsReached = lastUsed();

  ReachCache(RainRegions regions) {
    this.regions = regions;
  }

  Set<String> reach(GeoPoint gauge) {
    return reach.computeIfAbsent(gauge, regions::reach);
  }

  Set<String> regionsReachedFrom(GeoPoint gauge) {
    return regionsReached.computeIfAbsent(gauge, regions::regionsReachedFrom);
  }

  private static Map<GeoPoint, Set<String>> lastUsed() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<GeoPoint, Set<String>> eldest) {
        return size() > MAX;
      }
    };
  }
}
