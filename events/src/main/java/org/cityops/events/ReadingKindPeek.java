package org.cityops.events;

import com.fasterxml.jackson.core.JsonToken;

/**
 * The {@code kind} of a reading's JSON, read without parsing the rest: for a consumer that takes
 * only some kinds and leaves the others, and the records that do not parse, to the consumer that
 * reads everything (the rain job refuses each bad record once).
 *
 * <p>Contract: reads the top-level fields in order up to the first {@code kind}, skipping the
 * values before it without building them, and stops there. Returns null when the bytes are not a
 * JSON object, the object has no {@code kind} at the top level, its value is not a string naming a
 * {@link SensorKind} as the contract spells it ({@code rain_gauge}, not {@code RAIN_GAUGE}), or the
 * JSON before it is broken or past {@link EventJson}'s limits. What follows the kind is not read: a
 * record whose kind is known here may still fail the full parse ({@link EventJson#readReading}),
 * which has the last word; a second {@code kind} is refused there as a duplicate key, so a peek
 * never lets through, or passes over, a record the full parse would take as another kind.
 */
public final class ReadingKindPeek {
  private ReadingKindPeek() {}

  /** The reading's kind, or null when it cannot be told without the full parse. */
  public static SensorKind of(byte[] json) {
    return TopLevelField.first(
        json,
        "kind",
        parser ->
            parser.nextToken() == JsonToken.VALUE_STRING
                ? SensorKind.ofWireName(parser.getText())
                : null,
        null);
  }
}
