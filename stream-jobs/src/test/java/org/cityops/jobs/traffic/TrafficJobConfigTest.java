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
  void theCitysRulesFileSetsTheTrafficThresholdsItHoldsAndNamesTheirVersions(@TempDir Path dir)
      throws Exception {
    // the example holds Rio's defaults as version 1: the thresholds equal the settings' defaults
    TrafficJobConfig rio =
        TrafficJobConfig.from(
            new Settings(Map.of("traffic.rules-file", "../rules/examples/rio-rules.yaml")));
    assertThat(rio.traffic()).isEqualTo(TrafficConfig.from(new Settings(Map.of())));
    assertThat(rio.rules())
        .isEqualTo(new TrafficRules("traffic-incident", 1, "congestion", 1, "accident-reports", 1));
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of(
                            "traffic.rules-file",
                            "../rules/examples/rio-rules.yaml",
                            "traffic.reports.min-reporters",
                            "3"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("traffic.reports.min-reporters' is set by the rules file");

    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        rules:
          - {id: heavy-rain, version: 1, detector: heavy_rain, moderate-mm: 5, strong-mm: 25.1, very-strong-mm: 50}
          - {id: siren-level, version: 1, detector: siren_level, hour-mm: 40, day-mm: 125}
          - {id: jams, version: 4, detector: congestion, slow-below: 0.8, congested-below: 0.55, standstill-below: 0.3}
        """);
    TrafficJobConfig config =
        TrafficJobConfig.from(
            new Settings(
                Map.of(
                    "traffic.rules-file",
                    file.toString(),
                    "traffic.congestion.raise-after",
                    "5",
                    "traffic.california.occupancy-difference",
                    "12")));
    TrafficConfig.Congestion congestion = config.traffic().congestion();
    assertThat(List.of(congestion.slowBelow(), congestion.congestedBelow()))
        .containsExactly(0.8, 0.55);
    assertThat(congestion.standstillBelow()).isEqualTo(0.3);
    assertThat(congestion.raiseAfter()).as("a count stays a setting").isEqualTo(5);
    // the file has no traffic_incident rule: its thresholds are the settings', as version 0
    assertThat(config.traffic().california().occupancyDifference()).isEqualTo(12);
    assertThat(config.rules())
        .isEqualTo(new TrafficRules("traffic-incident", 0, "jams", 4, "accident-reports", 0));

    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of(
                            "traffic.rules-file",
                            file.toString(),
                            "traffic.congestion.slow-below",
                            "0.7"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "setting 'traffic.congestion.slow-below' is set by the rules file "
                + file
                + " (traffic.rules-file); give one of them");
    Files.writeString(
        file, Files.readString(file).replace("standstill-below: 0.3", "standstill-below: 0.6"));
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(new Settings(Map.of("traffic.rules-file", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file + ":4: rules[2].standstill-below: must be below congested-below (0.55), was 0.6");
  }

  @Test
  void aShadowRunReadsAsItsOwnGroupAndNeverAsTheLiveJobs() {
    TrafficJobConfig shadow = TrafficJobConfig.from(new Settings(Map.of("traffic.shadow", "true")));
    assertThat(shadow.shadow()).isTrue();
    assertThat(shadow.basics().consumerGroup()).isEqualTo("cityops-traffic-shadow");
    assertThat(TrafficJobConfig.from(new Settings(Map.of())).shadow()).isFalse();
    assertThatThrownBy(
            () ->
                TrafficJobConfig.from(
                    new Settings(
                        Map.of("traffic.shadow", "true", "kafka.group", "cityops-traffic"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is the live traffic job's group");
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
