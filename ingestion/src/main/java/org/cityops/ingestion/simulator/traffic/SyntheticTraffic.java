package org.cityops.ingestion.simulator.traffic;

import java.io.Serializable;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.SyntheticRoads;

/**
 * The synthetic city's roads and detectors, as a small description that can travel (to a Flink
 * source, into a file name): a {@link SyntheticRoads#grid} and one detector on every stretch,
 * {@code detectorFraction} of the way along.
 */
public record SyntheticTraffic(
    int avenues,
    int streets,
    double blockM,
    int stretchesPerBlock,
    long roadSeed,
    double detectorFraction,
    double maxPairGapM)
    implements Serializable {

  /**
   * Four avenues and four streets, blocks of 1.2 km with a detector every 300 m in each direction:
   * 192 detectors, 176 pairs.
   */
  public static SyntheticTraffic standard() {
    return new SyntheticTraffic(
        SyntheticRoads.DEMO_AVENUES,
        SyntheticRoads.DEMO_STREETS,
        SyntheticRoads.DEMO_BLOCK_M,
        SyntheticRoads.DEMO_STRETCHES,
        SyntheticRoads.DEMO_SEED,
        SyntheticRoads.DEMO_DETECTOR_FRACTION,
        1_000);
  }

  public RoadNetwork network() {
    return SyntheticRoads.grid(avenues, streets, blockM, stretchesPerBlock, roadSeed);
  }

  /**
   * Writes the roads as {@code city.osm} and the detectors' places as {@code detectors.json} in
   * {@code dir}: the files a traffic job reads ({@code traffic.roads}, {@code traffic.detectors}).
   *
   * @return the two files
   */
  public java.util.List<java.nio.file.Path> write(java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir);
    RoadNetwork network = network();
    java.nio.file.Path osm = dir.resolve("city.osm");
    try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(osm)) {
      org.cityops.roads.OsmXml.write(network, out);
    }
    java.nio.file.Path detectors = dir.resolve("detectors.json");
    DetectorLayout.writePlacements(
        DetectorLayout.onEverySegment(network, detectorFraction), detectors);
    return java.util.List.of(osm, detectors);
  }

  public DetectorLayout layout(RoadNetwork network) {
    return DetectorLayout.derive(
        network, DetectorLayout.onEverySegment(network, detectorFraction), maxPairGapM);
  }
}
