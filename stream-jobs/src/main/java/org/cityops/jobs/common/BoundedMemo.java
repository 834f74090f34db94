package org.cityops.jobs.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A function's values for the keys used last: a bounded map from key to value, computed on first
 * use, the least recently used dropped first. For work a function would otherwise repeat on every
 * record: parsing the JSON its state keeps (the incident lifecycle reads the active incidents of a
 * kind for each detection, the cell matcher every warning of a cell for each message: parsing them
 * again took most of the alerts job's CPU, see BENCHMARKS.md), or working out what a gauge's
 * location reaches ({@code ReachCache}).
 *
 * <p>Contract: keys are compared by {@code equals}, so a value changed in state (a new JSON text)
 * is a new entry, never a stale one. Values are shared between callers and must be immutable. Not
 * state and not thread-safe: one per function instance, made in {@code open}; a restored or
 * rescaled function starts empty and fills again. With more keys in use than {@code capacity} it
 * computes again what it dropped, as without it.
 */
public final class BoundedMemo<K, V> {
  private final Function<K, V> compute;
  private final Map<K, V> kept;
  private long computed;

  private BoundedMemo(Function<K, V> compute, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    // counted in one function made here, not in a lambda made at every lookup
    this.compute =
        key -> {
          computed++;
          return compute.apply(key);
        };
    this.kept =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Keeps up to {@code capacity} values of {@code compute}. */
  public static <K, V> BoundedMemo<K, V> of(Function<K, V> compute, int capacity) {
    return new BoundedMemo<>(compute, capacity);
  }

  /** The value for {@code key}, computed now or earlier. */
  public V get(K key) {
    return kept.computeIfAbsent(key, compute);
  }

  /** How many values it has computed since it was made: the lookups it could not answer. */
  public long computed() {
    return computed;
  }

  /** How many values are kept now. */
  public int size() {
    return kept.size();
  }
}
