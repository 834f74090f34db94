package org.cityops.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorLayoutTest {

  @Test
  void everyDetectorButTheLastOnEachRoadAndDirectionHasTheNextOneDownstream() {
    RoadNetwork grid = SyntheticRoads.grid(2, 2, 600, 3, 1);
    DetectorLayout layout =
        DetectorLayout.derive(grid, DetectorLayout.onEverySegment(grid, 0.4), 1_000);
    // 4 roads x 3 stretches x 2 directions; the last detector of each of the 8 runs has none
    assertThat(layout.sites()).hasSize(24);
    assertThat(layout.pairs()).hasSize(16);
    for (DetectorPair pair : layout.pairs()) {
      assertThat(pair.gapM()).isCloseTo(200, org.assertj.core.data.Offset.offset(1.0));
      assertThat(pair.segmentIds()).hasSize(2);
    }
    Map<String, String> down =
        layout.pairs().stream()
            .collect(Collectors.toMap(DetectorPair::upstream, DetectorPair::downstream));
    // Avenida 1 is way 100 through nodes 1, 2, 3, 4 (west to east)
    assertThat(down).containsEntry("loop-100-1-2", "loop-100-2-3");
    assertThat(down).containsEntry("loop-100-3-2", "loop-100-2-1");
    assertThat(down).doesNotContainKey("loop-100-3-4");
  }

  @Test
  void theRoadIsFollowedPastStretchesWithoutDetectorsAndAcrossWayEnds() {
    Map<Long, GeoPoint> nodes =
        Map.of(
            1L, new GeoPoint(-22.90, -43.200),
            2L, new GeoPoint(-22.90, -43.195),
            3L, new GeoPoint(-22.90, -43.190),
            4L, new GeoPoint(-22.90, -43.185));
    RoadNetwork n =
        new RoadNetwork(
            nodes,
            List.of(
                new Road(1, "A", "primary", List.of(1L, 2L, 3L), 2, 60, true),
                new Road(2, "A", "primary", List.of(3L, 4L), 2, 60, true)));
    List<DetectorLayout.Placement> placed =
        List.of(
            new DetectorLayout.Placement("a", "1:1-2", 0.5, null),
            new DetectorLayout.Placement("b", "2:3-4", 0.5, 45.0));
    DetectorLayout layout = DetectorLayout.derive(n, placed, 2_000);
    DetectorPair pair = layout.pairs().get(0);
    assertThat(pair.id()).isEqualTo("a>b");
    assertThat(pair.segmentIds()).containsExactly("1:1-2", "1:2-3", "2:3-4");
    // half of each 511 m stretch, plus the one between
    assertThat(pair.gapM()).isCloseTo(2 * 511.0, org.assertj.core.data.Offset.offset(5.0));
    assertThat(layout.site("b").freeFlowKmh()).isEqualTo(45.0);
    assertThat(layout.site("a").freeFlowKmh()).isEqualTo(60.0);
    // too far apart: no pair
    assertThat(DetectorLayout.derive(n, placed, 900).pairs()).isEmpty();
  }

  @Test
  void placementsNamingUnknownSegmentsOrRepeatingAnIdAreRefused() {
    RoadNetwork grid = SyntheticRoads.grid(2, 2, 600, 3, 1);
    assertThatThrownBy(
            () ->
                DetectorLayout.derive(
                    grid, List.of(new DetectorLayout.Placement("x", "9:1-2", null, null)), 1000))
        .hasMessageContaining("detector x: segment 9:1-2 is not in the road network");
    assertThatThrownBy(
            () ->
                DetectorLayout.derive(
                    grid,
                    List.of(
                        new DetectorLayout.Placement("x", "100:1-2", null, null),
                        new DetectorLayout.Placement("x", "100:2-3", null, null)),
                    1000))
        .hasMessageContaining("detector x is placed twice");
  }

  @Test
  void placementFileRoundTripsAndRefusesUnknownFields(@TempDir Path dir) throws Exception {
    RoadNetwork grid = SyntheticRoads.grid(2, 2, 600, 3, 1);
    List<DetectorLayout.Placement> placed = DetectorLayout.onEverySegment(grid, 0.4);
    Path file = dir.resolve("detectors.json");
    DetectorLayout.writePlacements(placed, file);
    assertThat(DetectorLayout.readPlacements(file)).isEqualTo(placed);
    Files.writeString(file, "{\"detectors\":[{\"id\":\"a\",\"segment\":\"x\"}]}");
    assertThatThrownBy(() -> DetectorLayout.readPlacements(file))
        .hasMessageContaining("not a detector placement file")
        .hasMessageContaining("segment");
  }
}
