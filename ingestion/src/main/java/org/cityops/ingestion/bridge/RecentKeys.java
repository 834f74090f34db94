package org.cityops.ingestion.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded memory of recently seen keys, for counting redelivered readings. Thread-safe. */
final class RecentKeys {
  private final Map<String, Boolean> keys;

  RecentKeys(int capacity) {
    this.keys =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records the key; true if it was already there. */
  synchronized boolean seenBefore(String key) {
    return keys.put(key, Boolean.TRUE) != null;
  }
}
