package org.cityops.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.IOException;
import org.cityops.events.EventJson;

/**
 * A request's JSON body as a record, read with the contract's mapper (its nesting and size limits).
 * A body that is JSON {@code null} or empty is refused like malformed JSON, with a 400: Javalin's
 * own {@code bodyAsClass} cannot return null and failed with a 500 on it.
 */
public final class JsonBody {
  private JsonBody() {}

  /**
   * @throws ApiError 400 when the body is empty, JSON null, or not JSON of that shape
   */
  public static <T> T read(Context ctx, Class<T> type) {
    byte[] body = ctx.bodyAsBytes();
    T value;
    try {
      value = body.length == 0 ? null : EventJson.mapper().readValue(body, type);
    } catch (IOException e) {
      throw new ApiError(400, "malformed JSON: " + rootMessage(e));
    }
    if (value == null) {
      throw new ApiError(400, "the body must be a JSON object");
    }
    return value;
  }

  /** The first line of the deepest cause: a record's own check says what is wrong. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
