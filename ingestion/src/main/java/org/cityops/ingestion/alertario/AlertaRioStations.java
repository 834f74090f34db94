package org.cityops.ingestion.alertario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;

/**
 * The Alerta Rio gauges and where they stand, from the city's {@code rain-gauges.json}, looked up
 * by the station key of the archive's file names. The names differ in spelling ({@code Alto da Boa
 * Vista} against {@code alto_da_boa_vista}, {@code Barra/Barrinha} against {@code barrinha}): a key
 * matches a gauge whose name, without accents and punctuation, equals it, or else the one gauge
 * whose name begins or ends with it as a whole word.
 */
public final class AlertaRioStations {
  /** One gauge: its key, name as published, and position. */
  public record Station(String key, String name, GeoPoint location) {}

  private final Map<String, Station> byNormalizedName = new TreeMap<>();

  private AlertaRioStations() {}

  public static AlertaRioStations load(Path rainGaugesJson) throws IOException {
    JsonNode root = EventJson.mapper().readTree(rainGaugesJson.toFile());
    JsonNode gauges = root.isArray() ? root : root.get("pluviometros");
    if (gauges == null || !gauges.isArray() || gauges.isEmpty()) {
      throw new IOException(rainGaugesJson + " holds no gauges (expected an array 'pluviometros')");
    }
    AlertaRioStations stations = new AlertaRioStations();
    for (JsonNode g : gauges) {
      String name = g.path("nome").asText();
      String key = normalize(name);
      stations.byNormalizedName.put(
          key,
          new Station(
              key,
              name,
              new GeoPoint(g.path("latitude").asDouble(), g.path("longitude").asDouble())));
    }
    return stations;
  }

  /** {@code Est. Grajaú/Jacarepaguá} → {@code grajau_jacarepagua}. */
  static String normalize(String name) {
    String plain =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    return plain
        .replaceFirst("^est\\.\\s*", "")
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_|_$", "");
  }

  /** The gauge of an archive station key; fails with the candidates when none or several match. */
  public Station forKey(String key) {
    Station exact = byNormalizedName.get(key);
    if (exact != null) {
      return exact;
    }
    List<Station> candidates = new ArrayList<>();
    byNormalizedName.forEach(
        (name, station) -> {
          if (name.endsWith("_" + key) || name.startsWith(key + "_")) {
            candidates.add(station);
          }
        });
    if (candidates.size() != 1) {
      throw new IllegalArgumentException(
          "station '"
              + key
              + "' matches "
              + candidates.size()
              + " gauges of rain-gauges.json"
              + (candidates.isEmpty() ? "" : ": " + candidates));
    }
    return candidates.get(0);
  }

  public int size() {
    return byNormalizedName.size();
  }
}
