package org.cityops.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards and provisioning files as Grafana reads them from {@code grafana/}. */
final class Dashboards {
  static final Path ROOT = Path.of("grafana");
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Dashboards() {}

  /** One dashboard file. */
  record Dashboard(Path file, JsonNode json) {
    String uid() {
      return json.path("uid").asText();
    }

    List<JsonNode> panels() {
      List<JsonNode> out = new ArrayList<>();
      json.path("panels").forEach(out::add);
      return out;
    }

    List<JsonNode> variables() {
      List<JsonNode> out = new ArrayList<>();
      json.path("templating").path("list").forEach(out::add);
      return out;
    }

    JsonNode panel(String title) {
      return panels().stream()
          .filter(p -> p.path("title").asText().equals(title))
          .findFirst()
          .orElseThrow(() -> new AssertionError(file + " has no panel '" + title + "'"));
    }

    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static List<Dashboard> all() {
    try (Stream<Path> files = Files.list(ROOT.resolve("dashboards"))) {
      List<Dashboard> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(new Dashboard(f, JSON.readTree(f.toFile())));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dashboard byUid(String uid) {
    return all().stream()
        .filter(d -> d.uid().equals(uid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dashboard with uid " + uid));
  }

  static JsonNode yaml(String relative) {
    try {
      return YAML.readTree(ROOT.resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
