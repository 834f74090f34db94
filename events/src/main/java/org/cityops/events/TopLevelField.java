package org.cityops.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A look at one top-level field of a JSON object without parsing the record: the fields before it
 * are skipped unbuilt, and nothing after it is read. For telling records apart cheaply ({@link
 * ControlRecords}, {@link ReadingKindPeek}); the full parse still has the last word on them.
 */
final class TopLevelField {
  private TopLevelField() {}

  /** What to make of the field, given the parser on its name (its value is the next token). */
  interface Reader<T> {
    T read(JsonParser parser) throws IOException;
  }

  /**
   * What {@code reader} makes of the first top-level field named {@code name}; {@code absent} when
   * {@code json} is not a JSON object, has no such field, breaks before it, or breaks while {@code
   * reader} reads it, or is past {@link EventJson}'s limits. Never throws.
   */
  static <T> T first(byte[] json, String name, Reader<T> reader, T absent) {
    if (json == null || json.length == 0) {
      return absent;
    }
    try (JsonParser parser = EventJson.mapper().getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return absent;
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        if (name.equals(parser.currentName())) {
          return reader.read(parser);
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return absent;
    } catch (IOException | RuntimeException e) {
      return absent;
    }
  }
}
