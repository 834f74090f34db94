package org.cityops.jobs.fanout;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cityops.events.CapAlert;
import org.cityops.events.EventJson;

/**
 * The warnings a {@link CellMatcher} keeps as JSON bytes, parsed: the last parsed version of each
 * incident, looked up by the incident's id and used only while the bytes asked for are the same
 * bytes it was parsed from.
 *
 * <p>Why by incident: one warning is in force in hundreds of cells, and each message to a cell
 * lists every warning there. Looked up by the bytes, each lookup hashed a whole CAP message (a
 * sixth of the cell matcher's CPU in a profile of the whole stack); the incident id's hash is kept
 * in its string, and the bytes are then compared, first by identity (the array held in state), else
 * by content (vectorised, and it stops at the first difference).
 *
 * <p>Contract: a lookup returns the parse of exactly the bytes given, never a stale version. While
 * cells hold two versions of one incident (as a new version reaches them one by one), lookups of
 * the older one parse again. Bounded, least recently used first out; not state and not thread-safe:
 * one per function instance, made in {@code open}.
 */
final class ParsedWarnings {
  private record Parsed(byte[] json, CapAlert alert) {}

  private final Map<String, Parsed> kept;
  private long parses;

  ParsedWarnings(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.kept =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The warning {@code json} holds; {@code incidentId} must be the one it names. */
  CapAlert read(String incidentId, byte[] json) {
    Parsed last = kept.get(incidentId);
    if (last != null && (last.json() == json || Arrays.equals(last.json(), json))) {
      return last.alert();
    }
    parses++;
    CapAlert alert = EventJson.readAlert(json);
    kept.put(incidentId, new Parsed(json, alert));
    return alert;
  }

  /** How many times it parsed: the lookups it could not answer from what it kept. */
  long parses() {
    return parses;
  }
}
