package org.cityops.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Contract enums are read only as the contract spells them. Jackson's enum reader, when a string
 * names no constant, tries it again with the spaces around it trimmed, so {@code " rain_gauge"}
 * would be read as a rain gauge. Nothing else in CityOps reads it that way: the JSON Schema refuses
 * it, and the look at a reading's kind ({@link ReadingKindPeek}) does not know it, so a job that
 * takes only some kinds would pass over a reading another job takes. With this module every enum
 * value with a space (or another control character) at either end is refused as malformed, naming
 * its field; the rest is Jackson's own enum reader, unchanged.
 */
final class ExactEnumSpelling extends SimpleModule {
  ExactEnumSpelling() {
    super("cityops-exact-enum-spelling");
    setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyEnumDeserializer(
              DeserializationConfig config,
              JavaType type,
              BeanDescription description,
              JsonDeserializer<?> deserializer) {
            return new Untrimmed(deserializer);
          }
        });
  }

  /** Refuses padded strings, then hands the token to Jackson's enum reader. */
  private static final class Untrimmed extends DelegatingDeserializer {
    Untrimmed(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Untrimmed(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        String text = parser.getText();
        if (isPadded(text)) {
          // the value quoted as JSON, so a newline in it cannot cut the message short
          String shown =
              new String(
                  JsonStringEncoder.getInstance()
                      .quoteAsString(text.length() > 40 ? text.substring(0, 40) + "..." : text));
          return context.reportInputMismatch(
              this,
              "\"%s\" has blanks around it; the contract spells a %s without them",
              shown,
              handledType().getSimpleName());
        }
      }
      return super.deserialize(parser, context);
    }

    /** What {@link String#trim()} (Jackson's trim) would change. */
    private static boolean isPadded(String text) {
      return !text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ');
    }
  }
}
