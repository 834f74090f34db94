package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The JSON form of every contract record. Unknown fields are ignored (producers may be newer than
 * consumers); a missing or malformed required field raises a {@link ContractViolation} naming it.
 * Times are ISO-8601 strings in UTC. Nesting is limited so hostile input cannot exhaust the stack.
 */
public final class EventJson {
  /** Deeper than any contract record; a payload nested past this is hostile or broken. */
  public static final int MAX_NESTING_DEPTH = 32;

  private static final ObjectMapper MAPPER = createMapper();

  private EventJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper createMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(new ExactEnumSpelling());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    return mapper;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Reading readReading(byte[] json) {
    return read(json, Reading.class, Reading::validate);
  }

  public static CitizenReport readReport(byte[] json) {
    return read(json, CitizenReport.class, CitizenReport::validate);
  }

  public static CaseNotification readCase(byte[] json) {
    return read(json, CaseNotification.class, CaseNotification::validate);
  }

  public static Incident readIncident(byte[] json) {
    return read(json, Incident.class, Incident::validate);
  }

  public static RouteAdvice readRouteAdvice(byte[] json) {
    return read(json, RouteAdvice.class, UnaryOperator.identity());
  }

  public static ControlMessage readControl(byte[] json) {
    return read(json, ControlMessage.class, ControlMessage::validate);
  }

  public static Subscription readSubscription(byte[] json) {
    return read(json, Subscription.class, Subscription::validate);
  }

  public static CapAlert readAlert(byte[] json) {
    return read(json, CapAlert.class, CapAlert::validate);
  }

  public static RainRuleChange readRainRuleChange(byte[] json) {
    return read(json, RainRuleChange.class, RainRuleChange::validate);
  }

  public static Rejected readRejected(byte[] json) {
    return read(json, Rejected.class, Rejected::validate);
  }

  /**
   * Parses and validates. Throws {@link ContractViolation} for content errors (naming the field)
   * and {@link MalformedJsonException} for bytes that are not a JSON object at all.
   */
  public static <T> T read(byte[] json, Class<T> type, UnaryOperator<T> validation) {
    T value;
    try {
      value = MAPPER.readValue(json, type);
    } catch (ValueInstantiationException e) {
      throw new ContractViolation(path(e), e.getOriginalMessage());
    } catch (JsonMappingException e) {
      if (e.getPath().isEmpty() || e.getCause() instanceof JsonParseException) {
        throw new MalformedJsonException(e.getOriginalMessage(), e);
      }
      throw new ContractViolation(path(e), "is malformed: " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new MalformedJsonException(e.getMessage(), e);
    }
    if (value == null) {
      throw new MalformedJsonException("payload is JSON null", null);
    }
    return validation.apply(value);
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The payload is not a well-formed JSON document of the expected shape. */
  public static final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
