package org.cityops.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsmPbfTest {

  @Test
  void aPbfExtractGivesTheSameRoadsAsItsXml(@TempDir Path dir) throws Exception {
    RoadNetwork grid = SyntheticRoads.grid(3, 3, 900, 3, 5);
    Path pbf = dir.resolve("city.osm.pbf");
    OsmPbf.write(grid, pbf);
    RoadNetwork back = OsmFiles.read(pbf);
    assertThat(back.roads()).containsExactlyInAnyOrderElementsOf(grid.roads());
    assertThat(back.nodes().keySet()).isEqualTo(grid.nodes().keySet());
    grid.nodes()
        .forEach((id, p) -> assertThat(back.nodes().get(id).distanceMetresTo(p)).isLessThan(0.01));
    assertThat(DetectorLayout.derive(back, DetectorLayout.onEverySegment(back, 0.4), 1_000).pairs())
        .hasSameSizeAs(
            DetectorLayout.derive(grid, DetectorLayout.onEverySegment(grid, 0.4), 1_000).pairs());
  }

  @Test
  void aFileThatIsNotPbfIsRefusedWithItsName(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("bogus.osm.pbf");
    Files.write(bogus, new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 1, 2, 3});
    assertThatThrownBy(() -> OsmFiles.read(bogus))
        .isInstanceOf(OsmFormatException.class)
        .hasMessageContaining("bogus.osm.pbf: not a readable OSM PBF file");
  }
}
