package org.cityops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the state size of each task (operator chain) of a running job from the latest completed
 * checkpoint, through the cluster's REST API ({@code /jobs/:id/checkpoints}, then its {@code
 * details/:checkpointid}). Polled while the job runs: a bounded job's statistics go with its local
 * cluster.
 */
final class CheckpointSizes {
  /** The latest completed checkpoint seen: its id and the state size of each task, by name. */
  record Latest(long checkpointId, Map<String, Long> bytesByTask) {
    long total() {
      return bytesByTask.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line per task holding state: its bytes per gauge, {@code label}, and its name. */
    List<String> perGauge(int gauges, String label) {
      List<String> lines = new ArrayList<>();
      bytesByTask.forEach(
          (task, bytes) -> {
            if (bytes > 0) {
              lines.add(
                  String.format("%,8.0f B/gauge%s  %s", bytes / (double) gauges, label, task));
            }
          });
      return lines;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  CheckpointSizes(int restPort, String jobId) {
    this.base = "http://127.0.0.1:" + restPort + "/jobs/" + jobId;
  }

  /** The latest completed checkpoint's sizes, or null while there is none (or no answer). */
  Latest poll() {
    try {
      JsonNode job = get(base);
      JsonNode checkpoints = get(base + "/checkpoints");
      JsonNode completed =
          checkpoints == null ? null : checkpoints.path("latest").path("completed");
      if (job == null || completed == null || !completed.has("id")) {
        return null;
      }
      JsonNode details = get(base + "/checkpoints/details/" + completed.path("id").asLong());
      if (details == null || !details.has("tasks")) {
        return null;
      }
      Map<String, String> names = new LinkedHashMap<>();
      job.path("vertices").forEach(v -> names.put(v.path("id").asText(), v.path("name").asText()));
      Map<String, Long> sizes = new LinkedHashMap<>();
      details
          .path("tasks")
          .properties()
          .forEach(
              e ->
                  sizes.put(
                      names.getOrDefault(e.getKey(), e.getKey()),
                      e.getValue().path("state_size").asLong()));
      return new Latest(details.path("id").asLong(), sizes);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }
}
