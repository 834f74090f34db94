package org.cityops.jobs.traffic;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.OsmXml;
import org.cityops.roads.RoadNetwork;
import org.cityops.roads.SyntheticRoads;

/**
 * Everything the traffic job needs, parsed once and validated; immutable. The detector layout is
 * derived here, once, from the road network ({@code traffic.roads}, an OSM XML file) and the
 * detectors' places ({@code traffic.detectors}, JSON, see {@link DetectorLayout}); without them,
 * the simulator's grid city with a detector on every stretch (the demo's).
 */
public record TrafficJobConfig(JobBasics basics, TrafficConfig traffic, DetectorLayout layout)
    implements Serializable {

  public static TrafficJobConfig from(Settings s) {
    JobBasics basics = JobBasics.from(s, "traffic", Duration.ofSeconds(30), Duration.ofMinutes(1));
    TrafficConfig traffic = TrafficConfig.from(s);
    String roads = s.optionalText("traffic.roads");
    String detectors = s.optionalText("traffic.detectors");
    s.requireAllUsed();
    return new TrafficJobConfig(basics, traffic, layout(roads, detectors, traffic.maxPairGapM()));
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public TrafficJobConfig withInflux(org.cityops.jobs.sinks.influx.InfluxTarget target) {
    return new TrafficJobConfig(basics.withInflux(target), traffic, layout);
  }

  static DetectorLayout layout(String roads, String detectors, double maxGapM) {
    if ((roads == null) != (detectors == null)) {
      throw new ConfigException(
          "traffic.roads and traffic.detectors go together: give both, or neither for the demo"
              + " city");
    }
    try {
      RoadNetwork network = roads == null ? SyntheticRoads.demoCity() : OsmXml.read(Path.of(roads));
      return DetectorLayout.derive(
          network,
          detectors == null
              ? DetectorLayout.onEverySegment(network, SyntheticRoads.DEMO_DETECTOR_FRACTION)
              : DetectorLayout.readPlacements(Path.of(detectors)),
          maxGapM);
    } catch (IOException e) {
      throw new ConfigException("cannot read the road network or detectors: " + e.getMessage());
    } catch (IllegalArgumentException | org.cityops.roads.OsmFormatException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
