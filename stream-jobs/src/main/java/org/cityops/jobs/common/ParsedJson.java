package org.cityops.jobs.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Values a function keeps in its state as JSON text, parsed once while they stay in use: a bounded
 * map from the exact text to its parsed value, the least recently used dropped first.
 *
 * <p>Why: several functions keep events as JSON in state (their savepoint format) and read many of
 * them for every record, the incident lifecycle every incident of a kind to find overlaps, the cell
 * matcher every warning of a cell to list them. Parsing that JSON again each time took most of the
 * alerts job's CPU (`cityops-bench pipeline`, JFR: 90% of the lifecycle's samples and 65% of the
 * matcher's). A hit costs the text's hash and one comparison.
 *
 * <p>Contract: the key is the whole text, so a value changed in state is a new entry, never a stale
 * one. The parsed values are shared between callers and must be immutable (the events are Java
 * records with unmodifiable lists). Not state and not thread-safe: one per function instance,
 * created in {@code open}; a restored or rescaled function starts empty and fills again. With more
 * values in use than {@code capacity} it parses again what it dropped, as without it.
 */
public final class ParsedJson<T> {
  private final Function<String, T> parser;
  private final Map<String, T> parsed;

  private ParsedJson(Function<String, T> parser, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.parser = parser;
    this.parsed =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Keeps up to {@code capacity} values parsed by {@code parser}. */
  public static <T> ParsedJson<T> of(Function<String, T> parser, int capacity) {
    return new ParsedJson<>(parser, capacity);
  }

  /** The value of {@code json}, parsed now or earlier. */
  public T get(String json) {
    T value = parsed.get(json);
    if (value == null) {
      value = parser.apply(json);
      parsed.put(json, value);
    }
    return value;
  }

  /** How many values are kept now. */
  public int size() {
    return parsed.size();
  }
}
