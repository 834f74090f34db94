package org.cityops.jobs.common;

import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.OsmFormatException;
import org.cityops.roads.OsmXml;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.SyntheticRoads;

/**
 * The city's roads and traffic detectors, as the traffic job judges them and route advice drives
 * them: {@code traffic.roads} (an OSM file, XML or PBF) and {@code traffic.detectors} (their
 * places, JSON, see {@link DetectorLayout}), both or neither; neither means the simulator's grid
 * city with a detector on every stretch. Read and checked once, when the job is built.
 *
 * @param roadsFile the OSM file, or null for the demo city
 * @param layout the detectors and the pairs derived from the roads
 */
public record RoadSettings(String roadsFile, String detectorsFile, DetectorLayout layout)
    implements Serializable {

  public static RoadSettings from(Settings s) {
    String roads = s.optionalText("traffic.roads");
    String detectors = s.optionalText("traffic.detectors");
    double maxGapM = s.number("traffic.max-pair-gap-m", 1_500, 10, 20_000);
    if ((roads == null) != (detectors == null)) {
      throw new ConfigException(
          "traffic.roads and traffic.detectors go together: give both, or neither for the demo"
              + " city");
    }
    try {
      RoadNetwork network =
          roads == null
              ? SyntheticRoads.demoCity()
              : org.cityops.roads.OsmFiles.read(Path.of(roads));
      DetectorLayout layout =
          DetectorLayout.derive(
              network,
              detectors == null
                  ? DetectorLayout.onEverySegment(network, SyntheticRoads.DEMO_DETECTOR_FRACTION)
                  : DetectorLayout.readPlacements(Path.of(detectors)),
              maxGapM);
      return new RoadSettings(roads, detectors, layout);
    } catch (IOException e) {
      throw new ConfigException("cannot read the road network or detectors: " + e.getMessage());
    } catch (IllegalArgumentException | OsmFormatException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The road network, read again (functions build it where they run: it does not travel). */
  public RoadNetwork network() throws IOException {
    return roadsFile == null
        ? SyntheticRoads.demoCity()
        : org.cityops.roads.OsmFiles.read(Path.of(roadsFile));
  }

  /**
   * The OSM file to route on: the configured one, or the demo city written into {@code dir} (a
   * router needs a file to import).
   */
  public Path osmFile(Path dir) throws IOException {
    if (roadsFile != null) {
      return Path.of(roadsFile);
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("demo-city.osm");
    try (Writer out = Files.newBufferedWriter(file)) {
      OsmXml.write(SyntheticRoads.demoCity(), out);
    }
    return file;
  }
}
