package org.cityops.jobs.traffic;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.jobs.common.RulesFile;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.common.ShadowRuns;
import org.cityops.roads.DetectorLayout;
import org.cityops.rules.CityRuleSet;

/**
 * Everything the traffic job needs, parsed once and validated; immutable. The detector layout is
 * derived once, from the road network and the detectors' places ({@link RoadSettings}).
 *
 * <p>Thresholds come from {@code traffic.california.*}, {@code traffic.congestion.*} and {@code
 * traffic.reports.min-reporters}, or, for a detector whose rule the city's rules file ({@code
 * traffic.rules-file}) holds, from that rule; then that rule's single settings may not be given
 * too. Counts of intervals, look-backs and holds stay settings: they size the detectors' state.
 *
 * @param rules the ids and versions of the rules the job starts with
 * @param shadow a shadow run ({@code traffic.shadow}, {@link ShadowRuns}): a candidate rule set
 *     beside the live job, its incidents to {@code city.detections.shadow} only, taking no rule
 *     pushes and storing no levels
 */
public record TrafficJobConfig(
    JobBasics basics, TrafficConfig traffic, RoadSettings roads, TrafficRules rules, boolean shadow)
    implements Serializable {

  /** The setting naming the city's rules file. */
  static final String RULES_FILE = "traffic.rules-file";

  public static TrafficJobConfig from(Settings s) {
    boolean shadow = ShadowRuns.shadow(s, "traffic");
    JobBasics basics =
        ShadowRuns.basics(
            s,
            "traffic",
            JobBasics.from(s, "traffic", Duration.ofSeconds(30), Duration.ofMinutes(1)),
            shadow);
    Optional<CityRuleSet> file = RulesFile.read(s, RULES_FILE);
    Optional<CityRuleSet.TrafficIncident> incident = file.flatMap(CityRuleSet::traffic);
    Optional<CityRuleSet.Congestion> congestion = file.flatMap(CityRuleSet::congestionLevels);
    Optional<CityRuleSet.AccidentReports> accidents = file.flatMap(CityRuleSet::accidents);
    if (accidents.isPresent()) {
      RulesFile.refuseGivenToo(s, RULES_FILE, List.of("traffic.reports.min-reporters"));
    }
    if (incident.isPresent()) {
      RulesFile.refuseGivenToo(
          s,
          RULES_FILE,
          List.of(
              "traffic.california.occupancy-difference",
              "traffic.california.relative-difference",
              "traffic.california.downstream-drop",
              "traffic.california.compression-wave",
              "traffic.california.speed-drop"));
    }
    if (congestion.isPresent()) {
      RulesFile.refuseGivenToo(
          s,
          RULES_FILE,
          List.of(
              "traffic.congestion.slow-below",
              "traffic.congestion.congested-below",
              "traffic.congestion.standstill-below"));
    }
    TrafficConfig traffic = TrafficConfig.from(s);
    if (incident.isPresent()) {
      CityRuleSet.TrafficIncident t = incident.get();
      traffic =
          traffic.withCalifornia(
              traffic
                  .california()
                  .withThresholds(
                      t.occupancyDifference(),
                      t.relativeDifference(),
                      t.downstreamDrop(),
                      t.compressionWave(),
                      t.speedDrop()));
    }
    if (congestion.isPresent()) {
      CityRuleSet.Congestion c = congestion.get();
      traffic =
          traffic.withCongestion(
              traffic
                  .congestion()
                  .withLevels(c.slowBelow(), c.congestedBelow(), c.standstillBelow()));
    }
    if (accidents.isPresent()) {
      traffic =
          traffic.withReports(traffic.reports().withMinReporters(accidents.get().minReporters()));
    }
    RoadSettings roads = RoadSettings.from(s);
    s.requireAllUsed();
    TrafficRules rules =
        new TrafficRules(
            incident.map(CityRuleSet.TrafficIncident::id).orElse("traffic-incident"),
            incident.map(CityRuleSet.TrafficIncident::version).orElse(0L),
            congestion.map(CityRuleSet.Congestion::id).orElse("congestion"),
            congestion.map(CityRuleSet.Congestion::version).orElse(0L),
            accidents.map(CityRuleSet.AccidentReports::id).orElse("accident-reports"),
            accidents.map(CityRuleSet.AccidentReports::version).orElse(0L));
    return new TrafficJobConfig(basics, traffic, roads, rules, shadow);
  }

  public DetectorLayout layout() {
    return roads.layout();
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public TrafficJobConfig withInflux(org.cityops.jobs.sinks.influx.InfluxTarget target) {
    return new TrafficJobConfig(basics.withInflux(target), traffic, roads, rules, shadow);
  }
}
