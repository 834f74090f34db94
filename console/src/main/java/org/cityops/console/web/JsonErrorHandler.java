package org.cityops.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a request it cannot parse or route to the application at all, such as an
 * ambiguous encoded path) in the API's shape, {@code {"error": "..."}} as JSON, whatever the client
 * accepts, instead of Jetty's HTML page: a client of the console's API reads every refusal the same
 * way, whoever refused it. Jetty still writes the response (status, headers such as {@code
 * Connection: close}); only the body's type and text are ours. Never echoes the request, only
 * Jetty's reason.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause)
      throws IOException {
    // Jetty closes the connection after refusing a request it could not route, without saying
    // so; a client that reuses the connection then gets no answer to its next request (seen with
    // java.net.http while fuzzing). Saying it lets the client open a new one.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    return super.generateAcceptableResponse(
        request,
        response,
        callback,
        "application/json",
        List.of(StandardCharsets.UTF_8),
        code,
        message,
        cause);
  }

  @Override
  protected void writeErrorJson(
      Request request, PrintWriter writer, int code, String message, Throwable cause) {
    writer.write(body(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    fields.put(HttpHeader.CONNECTION, "close"); // Jetty ends the connection after a bad message
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  private static String body(int code, String message) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    try {
      return JSON.writeValueAsString(Map.of("error", reason));
    } catch (JsonProcessingException e) {
      return "{\"error\":\"error\"}";
    }
  }
}
