package org.cityops.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.cityops.embedded.SharedData;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonZonesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAlertaRioGaugeLiesInTheZoneNamedAfterIt() throws IOException {
    ZoneMap zones = GeoJsonZones.read(SharedData.data("rio/rain-zones.geojson"), "cod", "est");
    assertThat(zones.zones()).hasSize(33);
    JsonNode gauges = JSON.readTree(SharedData.data("rio/rain-gauges.json").toFile());
    Map<String, String> zoneOfGauge = new HashMap<>();
    for (JsonNode g : gauges.path("pluviometros")) {
      GeoPoint at = new GeoPoint(g.path("latitude").asDouble(), g.path("longitude").asDouble());
      zoneOfGauge.put(
          g.path("nome").asText(), zones.zoneAtOrNear(at, 500).map(Zone::name).orElse("none"));
    }
    assertThat(zoneOfGauge).hasSize(33);
    // one gauge per zone, and each zone is named after its gauge's station, but for Barrinha,
    // whose zone the city calls Barra/Itanhangá
    assertThat(zoneOfGauge.values()).doesNotHaveDuplicates().doesNotContain("none");
    assertThat(zoneOfGauge)
        .allSatisfy(
            (gauge, zone) ->
                assertThat(sameStation(gauge, zone) || gauge.equals("Barra/Barrinha"))
                    .as(gauge + " in " + zone)
                    .isTrue());
    assertThat(zoneOfGauge).containsEntry("Barra/Barrinha", "Barra/Itanhangá");
  }

  private static boolean sameStation(String gaugeName, String zoneName) {
    String g = plain(gaugeName);
    String z = plain(zoneName);
    return g.equals(z) || g.contains(z) || z.contains(g);
  }

  private static String plain(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase()
        .replaceAll("^est\\.?\\s*", "")
        .replaceAll("[^a-z]", "");
  }

  @Test
  void findsZonesByPointAndByIdAndNothingOutsideTheCity() {
    ZoneMap zones = GeoJsonZones.read(SharedData.data("rio/rain-zones.geojson"), "cod", "est");
    // Copacabana beach, Avenida Atlântica
    assertThat(zones.zoneAt(new GeoPoint(-22.9711, -43.1823)).map(Zone::name))
        .contains("Copacabana");
    assertThat(zones.byId("28").map(Zone::name)).contains("Alto da Boa Vista");
    // São Paulo is in no Rio zone, and not near one
    assertThat(zones.zoneAtOrNear(new GeoPoint(-23.55, -46.63), 5_000)).isEmpty();
    // the multipolygon of Ilha do Governador answers for its points too
    Zone ilha = zones.byId("8").orElseThrow();
    assertThat(zones.zoneAt(ilha.representativePoint())).contains(ilha);
  }

  @Test
  void neighbourhoodsLoadWithTheirOwnProperties() {
    ZoneMap bairros =
        GeoJsonZones.read(SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome");
    assertThat(bairros.zones()).hasSize(164);
    assertThat(bairros.zoneAt(new GeoPoint(-22.9711, -43.1823)).map(Zone::name))
        .contains("Copacabana");
  }

  @Test
  void survivesJavaSerializationAndStillAnswers() throws Exception {
    ZoneMap zones = GeoJsonZones.read(SharedData.data("rio/rain-zones.geojson"), "cod", "est");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(zones);
    }
    ZoneMap copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ZoneMap) in.readObject();
    }
    assertThat(copy.zoneAt(new GeoPoint(-22.9711, -43.1823)).map(Zone::name))
        .contains("Copacabana");
  }

  @Test
  void badFilesAreRefusedNamingTheFeature() {
    assertThatThrownBy(() -> parse("{\"type\":\"Feature\"}"))
        .hasMessageContaining("not a GeoJSON FeatureCollection");
    assertThatThrownBy(() -> parse("{\"type\":\"FeatureCollection\",\"features\":[]}"))
        .hasMessageContaining("holds no features");
    assertThatThrownBy(
            () -> parse(collection(feature("1", "A", square(0)), feature("1", "B", square(5)))))
        .hasMessageContaining("feature 1: id '1' appears twice");
    assertThatThrownBy(
            () ->
                parse(
                    collection("{\"properties\":{\"cod\":\"1\"},\"geometry\":" + square(0) + "}")))
        .hasMessageContaining("feature 0: property 'est' is missing or blank");
    assertThatThrownBy(
            () ->
                parse(
                    collection(
                        feature(
                            "1", "A", "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"))))
        .hasMessageContaining("must be a Polygon or MultiPolygon, was 'LineString'");
    assertThatThrownBy(
            () ->
                parse(
                    collection(
                        feature(
                            "1",
                            "A",
                            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}"))))
        .hasMessageContaining("ring is not closed");
    assertThatThrownBy(
            () ->
                parse(
                    collection(
                        feature(
                            "1",
                            "A",
                            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,95],[0,0]]]}"))))
        .hasMessageContaining("position 2: [1.0, 95.0] is not a WGS84 [lon, lat]");
    assertThatThrownBy(
            () ->
                parse(
                    collection(
                        feature(
                            "1",
                            "A",
                            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[\"x\",0],[1,1],[0,0]]]}"))))
        .hasMessageContaining("position 1: expected [lon, lat]");
  }

  @Test
  void aBowTiePolygonIsRepairedNotRefused() {
    // a figure-eight ring: invalid as drawn, repaired to its two triangles
    ZoneMap zones =
        parse(
            collection(
                feature(
                    "1",
                    "bow",
                    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}")));
    assertThat(zones.zones().get(0).geometry().isValid()).isTrue();
    assertThat(zones.zoneAt(new GeoPoint(1, 0.2))).isPresent();
    assertThat(zones.zoneAt(new GeoPoint(1.0, 1.8))).isPresent();
    assertThat(zones.zoneAt(new GeoPoint(5, 5))).isEmpty();
  }

  @Test
  void oversizedAndDeeplyNestedFilesAreRefused(@TempDir Path dir) throws IOException {
    Path huge = dir.resolve("huge.geojson");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(GeoJsonZones.MAX_BYTES + 1);
    }
    assertThatThrownBy(() -> GeoJsonZones.read(huge, "cod", "est"))
        .hasMessageContaining("more than the");
    Path deep = dir.resolve("deep.geojson");
    Files.writeString(deep, "[".repeat(10_000) + "]".repeat(10_000));
    assertThatThrownBy(() -> GeoJsonZones.read(deep, "cod", "est"))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("cannot read zones");
  }

  private static ZoneMap parse(String json) {
    try {
      return GeoJsonZones.parse(JSON.readTree(json), "test.geojson", "cod", "est");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String collection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  private static String feature(String id, String name, String geometry) {
    return "{\"type\":\"Feature\",\"properties\":{\"cod\":\""
        + id
        + "\",\"est\":\""
        + name
        + "\"},\"geometry\":"
        + geometry
        + "}";
  }

  private static String square(double at) {
    return "{\"type\":\"Polygon\",\"coordinates\":[[[%s,0],[%s,0],[%s,1],[%s,1],[%s,0]]]}"
        .formatted(at, at + 1, at + 1, at, at);
  }
}
