package org.cityops.jobs.traffic;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.jobs.common.Settings;
import org.cityops.roads.DetectorLayout;

/**
 * Everything the traffic job needs, parsed once and validated; immutable. The detector layout is
 * derived once, from the road network and the detectors' places ({@link RoadSettings}).
 */
public record TrafficJobConfig(JobBasics basics, TrafficConfig traffic, RoadSettings roads)
    implements Serializable {

  public static TrafficJobConfig from(Settings s) {
    JobBasics basics = JobBasics.from(s, "traffic", Duration.ofSeconds(30), Duration.ofMinutes(1));
    TrafficConfig traffic = TrafficConfig.from(s);
    RoadSettings roads = RoadSettings.from(s);
    s.requireAllUsed();
    return new TrafficJobConfig(basics, traffic, roads);
  }

  public DetectorLayout layout() {
    return roads.layout();
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public TrafficJobConfig withInflux(org.cityops.jobs.sinks.influx.InfluxTarget target) {
    return new TrafficJobConfig(basics.withInflux(target), traffic, roads);
  }
}
