package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.OsmXml;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.SyntheticRoads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficJobConfigTest {

  @Test
  void withoutRoadFilesItJudgesTheDemoCity() {
    TrafficJobConfig config = TrafficJobConfig.from(new Settings(Map.of()));
    assertThat(config.layout().sites()).hasSize(192);
    assertThat(config.layout().pairs()).hasSize(176);
    assertThat(config.basics().consumerGroup()).isEqualTo("cityops-traffic");
    assertThat(config.traffic().california().occupancyDifference()).isEqualTo(8);
  }

  @Test
  void aRealCityComesAsAnOsmFileAndADetectorFile(@TempDir Path dir) throws Exception {
    RoadNetwork grid = SyntheticRoads.grid(2, 3, 900, 3, 5);
    Path osm = dir.resolve("city.osm");
    try (Writer out = Files.newBufferedWriter(osm)) {
      OsmXml.write(grid, out);
    }
    Path detectors = dir.resolve("detectors.json");
    DetectorLayout.writePlacements(
        List.of(
            new DetectorLayout.Placement("x1", "100:1-2", 0.5, 45.0),
            new DetectorLayout.Placement("x2", "100:2-3", 0.5, null)),
        detectors);
    TrafficJobConfig config =
        TrafficJobConfig.from(
            new Settings(
                Map.of(
                    "traffic.roads", osm.toString(), "traffic.detectors", detectors.toString())));
    assertThat(config.layout().sites().keySet()).containsExactly("x1", "x2");
    assertThat(config.layout().pairs()).extracting(p -> p.id()).containsExactly("x1>x2");
  }

  @Test
  void badRoadSettingsAreRefusedWithWhatIsWrong(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () -> TrafficJobConfig.from(new Settings(Map.of("traffic.roads", "city.osm"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("traffic.roads and traffic.detectors go together");
    Path broken = dir.resolve("broken.osm");
    Files.writeString(broken, "<osm><node id=\"1\" lat=\"-22.9\"");
    Path detectors = dir.resolve("detectors.json");
    Files.writeString(detectors, "{\"detectors\":[]}");
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of(
                            "traffic.roads",
                            broken.toString(),
                            "traffic.detectors",
                            detectors.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("broken.osm: not well-formed OSM XML");
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of(
                            "traffic.roads",
                            dir.resolve("missing.osm").toString(),
                            "traffic.detectors",
                            detectors.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.osm");
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of(
                            "traffic.congestion.standstill-below", "0.6",
                            "traffic.congestion.congested-below", "0.5"))))
        .hasMessageContaining("standstill-below (0.6) < congested-below (0.5)");
    assertThatThrownBy(
            () -> TrafficJobConfig.from(new Settings(Map.of("traffic.california.typo", "1"))))
        .hasMessageContaining("traffic.california.typo");
  }
}
