package org.cityops.timeseries;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Posts line protocol to InfluxDB 1.x's {@code /write} (the v2 client cannot: 1.x has no {@code
 * /api/v2/write}). The lines themselves are encoded by influxdb-client-java's {@code Point}, as on
 * the v2 path. Creates the database on first use ({@code CREATE DATABASE} is idempotent).
 */
final class V1LineWriter implements LineWriter {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StoreEndpoint target;
  private boolean databaseEnsured;

  V1LineWriter(StoreEndpoint target) {
    this.target = target;
  }

  @Override
  public void write(List<String> lines) throws IOException, InterruptedException {
    if (!databaseEnsured) {
      post(
          "/query?q="
              + URLEncoder.encode(
                  "CREATE DATABASE \"" + target.database() + "\"", StandardCharsets.UTF_8),
          "");
      databaseEnsured = true;
    }
    post(
        "/write?precision=ns&db=" + URLEncoder.encode(target.database(), StandardCharsets.UTF_8),
        String.join("\n", lines));
  }

  private void post(String pathAndQuery, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.url() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (target.token() != null) {
      request.header("Authorization", "Token " + target.token());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "InfluxDB answered "
              + response.statusCode()
              + " to "
              + pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
              + ": "
              + response.body());
    }
  }

  @Override
  public void close() {
    // HttpClient has nothing to release on Java 17
  }
}
