package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A new version of one rule of a detector (the rain, traffic or health job's), pushed to running
 * jobs on {@code city.control} (keyed by rule id) by the console, for an engineer or supervisor
 * logged in there (the engineers' tool goes through the console: only its identity may write the
 * topic). A job keeps every version of its detectors' rules it was given and judges each record by
 * the highest version in force at the record's own event time, so a change applies from {@code
 * effectiveFrom} on whatever the order in which rules and readings arrive; pushing an older version
 * after a newer one changes nothing.
 *
 * <p>Which thresholds are given depends on the detector: {@code moderateMm}, {@code strongMm} and
 * {@code veryStrongMm} (rising) for heavy rain; {@code hourMm} and {@code dayMm} for the siren
 * level; {@code landslide} (each level's 1 h, 24 h and 96 h bounds, rising from medium to very
 * high) for landslide risk; {@code water} (the stages, per station where they differ, and the rise
 * that counts as fast) for water levels; {@code flooding} (how many residents, and the rain that
 * corroborates them) for urban flooding; {@code california} (California #8's thresholds) for the
 * traffic job's incident detector and {@code congestion} (the speed ratios of the traffic levels)
 * for its congestion detector, {@code accidents} (how many residents make a traffic incident) for
 * its accident reports; {@code levels} (InfoDengue's thresholds) for the health job's disease
 * hotspots; the others are absent. (The name is from when only the rain job took rules; it stays,
 * because a savepoint's broadcast state names the type.)
 *
 * @param ruleId the rule's id, as in the rules file
 * @param version raised with every change of the rule; the highest in force wins
 * @param effectiveFrom the event time from which this version judges
 * @param pushedBy who pushed it, as the console authenticated them
 * @param pushedAt when
 */
public record RainRuleChange(
    String ruleId,
    long version,
    Detector detector,
    Instant effectiveFrom,
    String pushedBy,
    Instant pushedAt,
    Double moderateMm,
    Double strongMm,
    Double veryStrongMm,
    Double hourMm,
    Double dayMm,
    LandslideLevels landslide,
    WaterLevels water,
    UrbanFlooding flooding,
    California california,
    CongestionLevels congestion,
    DiseaseLevels levels,
    AccidentReports accidents) {

  /** A heavy-rain, siren-level or landslide-risk rule. */
  public RainRuleChange(
      String ruleId,
      long version,
      Detector detector,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      Double moderateMm,
      Double strongMm,
      Double veryStrongMm,
      Double hourMm,
      Double dayMm,
      LandslideLevels landslide) {
    this(
        ruleId,
        version,
        detector,
        effectiveFrom,
        pushedBy,
        pushedAt,
        moderateMm,
        strongMm,
        veryStrongMm,
        hourMm,
        dayMm,
        landslide,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A heavy-rain or siren-level rule: no landslide levels. */
  public RainRuleChange(
      String ruleId,
      long version,
      Detector detector,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      Double moderateMm,
      Double strongMm,
      Double veryStrongMm,
      Double hourMm,
      Double dayMm) {
    this(
        ruleId,
        version,
        detector,
        effectiveFrom,
        pushedBy,
        pushedAt,
        moderateMm,
        strongMm,
        veryStrongMm,
        hourMm,
        dayMm,
        null);
  }

  /** A landslide-risk rule. */
  public static RainRuleChange landslide(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      LandslideLevels levels) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.LANDSLIDE_RISK,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        levels);
  }

  /** A water-level rule. */
  public static RainRuleChange waterLevel(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      WaterLevels water) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.WATER_LEVEL,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        water,
        null,
        null,
        null,
        null,
        null);
  }

  /** An urban-flooding rule. */
  public static RainRuleChange urbanFlooding(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      UrbanFlooding flooding) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.URBAN_FLOODING,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        flooding,
        null,
        null,
        null,
        null);
  }

  /**
   * The same change as pushed by {@code by} at {@code at}: how the console stamps what it sends,
   * every threshold kept (a copy written field by field once dropped the landslide levels).
   */
  public RainRuleChange pushed(String by, Instant at) {
    return new RainRuleChange(
        ruleId,
        version,
        detector,
        effectiveFrom,
        by,
        at,
        moderateMm,
        strongMm,
        veryStrongMm,
        hourMm,
        dayMm,
        landslide,
        water,
        flooding,
        california,
        congestion,
        levels,
        accidents);
  }

  /** A traffic-incident (California #8) rule. */
  public static RainRuleChange trafficIncident(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      California california) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.TRAFFIC_INCIDENT,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        california,
        null,
        null,
        null);
  }

  /** A congestion rule. */
  public static RainRuleChange congestion(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      CongestionLevels congestion) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.CONGESTION,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        congestion,
        null,
        null);
  }

  /** An accident-reports rule: how many residents make a traffic incident. */
  public static RainRuleChange accidentReports(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      AccidentReports accidents) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.ACCIDENT_REPORTS,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        accidents);
  }

  /** A disease-hotspot rule: the dengue levels. */
  public static RainRuleChange diseaseHotspot(
      String ruleId,
      long version,
      Instant effectiveFrom,
      String pushedBy,
      Instant pushedAt,
      DiseaseLevels levels) {
    return new RainRuleChange(
        ruleId,
        version,
        Detector.DISEASE_HOTSPOT,
        effectiveFrom,
        pushedBy,
        pushedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        levels,
        null);
  }

  /** The detectors a rule may set: the rain job's, the traffic job's, the health job's. */
  public enum Detector {
    @JsonProperty("heavy_rain")
    HEAVY_RAIN,
    @JsonProperty("siren_level")
    SIREN_LEVEL,
    @JsonProperty("landslide_risk")
    LANDSLIDE_RISK,
    @JsonProperty("water_level")
    WATER_LEVEL,
    @JsonProperty("urban_flooding")
    URBAN_FLOODING,
    @JsonProperty("traffic_incident")
    TRAFFIC_INCIDENT,
    @JsonProperty("congestion")
    CONGESTION,
    @JsonProperty("accident_reports")
    ACCIDENT_REPORTS,
    @JsonProperty("disease_hotspot")
    DISEASE_HOTSPOT
  }

  /**
   * The rain that makes each landslide level: a rain zone is at a level when one of its gauges' 1
   * h, 24 h or 96 h sums reaches that level's bound (the highest level reached wins).
   */
  public record LandslideLevels(Bounds medium, Bounds high, Bounds veryHigh) {}

  /** One landslide level's bounds in mm, per window. */
  public record Bounds(Double hourMm, Double dayMm, Double fourDaysMm) {}

  /**
   * A river or canal station's stages in metres: attention (Minor), alert (Severe) and flood
   * (Extreme), rising; a level is measured against the station's own datum, so it may be below 0. A
   * rise of {@code riseM} within the job's rise window is fast (at least Moderate). {@code
   * stations} gives the stages of stations that differ from the defaults (at most {@value
   * #MAX_STATIONS}, each once).
   */
  public record WaterLevels(
      Double attentionM, Double alertM, Double floodM, Double riseM, List<StationStages> stations) {
    public WaterLevels {
      stations = stations == null ? List.of() : List.copyOf(stations);
    }
  }

  /** One station's own stages. */
  public record StationStages(String stationId, Double attentionM, Double alertM, Double floodM) {}

  /**
   * Urban flooding: {@code minReporters} distinct residents make an incident; an hourly sum of
   * {@code strongRainMm} at a gauge nearby corroborates them.
   */
  public record UrbanFlooding(Integer minReporters, Double strongRainMm) {}

  /**
   * California algorithm #8's thresholds between two detectors, in occupancy percent: the
   * difference between upstream and downstream {@code occupancyDifference} (points) and, relative
   * to upstream, {@code relativeDifference}; the downstream drop {@code downstreamDrop}; downstream
   * occupancy {@code compressionWave} or more is a queue from further down (it suppresses alarms);
   * {@code speedDrop} the share of upstream speed lost that is the second trigger (0: off).
   */
  public record California(
      Double occupancyDifference,
      Double relativeDifference,
      Double downstreamDrop,
      Double compressionWave,
      Double speedDrop) {}

  /**
   * Traffic levels at one detector by speed over its free-flow speed: slow below {@code slowBelow},
   * congested (Minor) below {@code congestedBelow}, standstill (Moderate) below {@code
   * standstillBelow}; falling from slow to standstill.
   */
  public record CongestionLevels(Double slowBelow, Double congestedBelow, Double standstillBelow) {}

  /**
   * InfoDengue's levels of a neighbourhood's week: warm enough for mosquitoes above {@code
   * warmAboveC} (weekly mean of the daily minima, °C), transmission under way above {@code
   * preEpidemicPer100k} weekly cases per 100,000, an epidemic above {@code epidemicPer100k}
   * (higher), growth when {@code P(Rt > 1)} exceeds {@code growthProbability}, and at least {@code
   * minCasesRed} cases in a red week.
   */
  public record DiseaseLevels(
      Double warmAboveC,
      Double preEpidemicPer100k,
      Double epidemicPer100k,
      Double growthProbability,
      Integer minCasesRed) {}

  /**
   * Residents' reports of accidents and blocked roads: {@code minReporters} distinct residents on
   * one stretch of road make a traffic incident.
   */
  public record AccidentReports(Integer minReporters) {}

  /** The most stations one water-level rule may name. */
  public static final int MAX_STATIONS = 2_000;

  public RainRuleChange validate() {
    Contract.require(
        ruleId != null && ruleId.matches("[a-z0-9][a-z0-9-]{0,63}"),
        "ruleId",
        "must be 1-64 lower-case letters, digits or -");
    Contract.require(version >= 1, "version", "must be 1 or more");
    Contract.present(detector, "detector");
    Contract.present(effectiveFrom, "effectiveFrom");
    Contract.text(pushedBy, "pushedBy", 200);
    Contract.present(pushedAt, "pushedAt");
    switch (detector) {
      case HEAVY_RAIN -> {
        mm(moderateMm, "moderateMm");
        mm(strongMm, "strongMm");
        mm(veryStrongMm, "veryStrongMm");
        Contract.require(strongMm > moderateMm, "strongMm", "must be above moderateMm");
        Contract.require(veryStrongMm > strongMm, "veryStrongMm", "must be above strongMm");
        absent(hourMm, "hourMm");
        absent(dayMm, "dayMm");
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absentTraffic();
      }
      case SIREN_LEVEL -> {
        mm(hourMm, "hourMm");
        mm(dayMm, "dayMm");
        absent(moderateMm, "moderateMm");
        absent(strongMm, "strongMm");
        absent(veryStrongMm, "veryStrongMm");
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absentTraffic();
      }
      case LANDSLIDE_RISK -> {
        Contract.present(landslide, "landslide");
        Bounds medium = bounds(landslide.medium(), "landslide.medium");
        Bounds high = bounds(landslide.high(), "landslide.high");
        Bounds veryHigh = bounds(landslide.veryHigh(), "landslide.veryHigh");
        rising(medium.hourMm(), high.hourMm(), veryHigh.hourMm(), "hourMm");
        rising(medium.dayMm(), high.dayMm(), veryHigh.dayMm(), "dayMm");
        rising(medium.fourDaysMm(), high.fourDaysMm(), veryHigh.fourDaysMm(), "fourDaysMm");
        absentRain();
        absent(water, "water");
        absent(flooding, "flooding");
        absentTraffic();
      }
      case WATER_LEVEL -> {
        Contract.present(water, "water");
        stages(water.attentionM(), water.alertM(), water.floodM(), "water");
        Contract.present(water.riseM(), "water.riseM");
        Contract.require(
            Double.isFinite(water.riseM()) && water.riseM() >= 0.01 && water.riseM() <= 100,
            "water.riseM",
            "must be in [0.01, 100] m");
        Contract.require(
            water.stations().size() <= MAX_STATIONS,
            "water.stations",
            "must name at most " + MAX_STATIONS + " stations");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < water.stations().size(); i++) {
          StationStages st = water.stations().get(i);
          String field = "water.stations[" + i + "]";
          Contract.present(st, field);
          Contract.text(st.stationId(), field + ".stationId", 200);
          Contract.require(seen.add(st.stationId()), field + ".stationId", "is named twice");
          stages(st.attentionM(), st.alertM(), st.floodM(), field);
        }
        absentRain();
        absent(landslide, "landslide");
        absent(flooding, "flooding");
        absentTraffic();
      }
      case URBAN_FLOODING -> {
        Contract.present(flooding, "flooding");
        Contract.present(flooding.minReporters(), "flooding.minReporters");
        Contract.require(
            flooding.minReporters() >= 1 && flooding.minReporters() <= 1_000,
            "flooding.minReporters",
            "must be in [1, 1000]");
        mm(flooding.strongRainMm(), "flooding.strongRainMm");
        absentRain();
        absent(landslide, "landslide");
        absent(water, "water");
        absentTraffic();
      }
      case TRAFFIC_INCIDENT -> {
        Contract.present(california, "california");
        range(california.occupancyDifference(), 0.1, 100, "california.occupancyDifference");
        range(california.relativeDifference(), 0.01, 1, "california.relativeDifference");
        range(california.downstreamDrop(), 0.01, 1, "california.downstreamDrop");
        range(california.compressionWave(), 1, 100, "california.compressionWave");
        range(california.speedDrop(), 0, 1, "california.speedDrop");
        absentRain();
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absent(congestion, "congestion");
        absent(levels, "levels");
        absent(accidents, "accidents");
      }
      case CONGESTION -> {
        Contract.present(congestion, "congestion");
        range(congestion.slowBelow(), 0.05, 1, "congestion.slowBelow");
        range(congestion.congestedBelow(), 0.05, 1, "congestion.congestedBelow");
        range(congestion.standstillBelow(), 0.01, 1, "congestion.standstillBelow");
        Contract.require(
            congestion.congestedBelow() < congestion.slowBelow(),
            "congestion.congestedBelow",
            "must be below slowBelow");
        Contract.require(
            congestion.standstillBelow() < congestion.congestedBelow(),
            "congestion.standstillBelow",
            "must be below congestedBelow");
        absentRain();
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absent(california, "california");
        absent(levels, "levels");
        absent(accidents, "accidents");
      }
      case ACCIDENT_REPORTS -> {
        Contract.present(accidents, "accidents");
        Contract.present(accidents.minReporters(), "accidents.minReporters");
        Contract.require(
            accidents.minReporters() >= 1 && accidents.minReporters() <= 100,
            "accidents.minReporters",
            "must be in [1, 100]");
        absentRain();
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absent(california, "california");
        absent(congestion, "congestion");
        absent(levels, "levels");
      }
      case DISEASE_HOTSPOT -> {
        Contract.present(levels, "levels");
        range(levels.warmAboveC(), -10, 40, "levels.warmAboveC");
        range(levels.preEpidemicPer100k(), 0, 10_000, "levels.preEpidemicPer100k");
        range(levels.epidemicPer100k(), 0, 100_000, "levels.epidemicPer100k");
        Contract.require(
            levels.epidemicPer100k() > levels.preEpidemicPer100k(),
            "levels.epidemicPer100k",
            "must be above preEpidemicPer100k");
        range(levels.growthProbability(), 0.5, 0.9999, "levels.growthProbability");
        Contract.present(levels.minCasesRed(), "levels.minCasesRed");
        Contract.require(
            levels.minCasesRed() >= 0 && levels.minCasesRed() <= 1_000,
            "levels.minCasesRed",
            "must be in [0, 1000]");
        absentRain();
        absent(landslide, "landslide");
        absent(water, "water");
        absent(flooding, "flooding");
        absent(california, "california");
        absent(congestion, "congestion");
        absent(accidents, "accidents");
      }
    }
    return this;
  }

  /** None of the traffic and health detectors' thresholds: a rule of the rain job. */
  private void absentTraffic() {
    absent(california, "california");
    absent(congestion, "congestion");
    absent(levels, "levels");
    absent(accidents, "accidents");
  }

  /** A number within {@code [min, max]}. */
  private static void range(Double value, double min, double max, String field) {
    Contract.present(value, field);
    Contract.require(
        Double.isFinite(value) && value >= min && value <= max,
        field,
        "must be in [" + min + ", " + max + "]");
  }

  /** None of the rain-level thresholds: a rule of a detector that does not judge rain sums. */
  private void absentRain() {
    absent(moderateMm, "moderateMm");
    absent(strongMm, "strongMm");
    absent(veryStrongMm, "veryStrongMm");
    absent(hourMm, "hourMm");
    absent(dayMm, "dayMm");
  }

  /** Stages in metres, rising, each within the range a station's datum allows. */
  private static void stages(Double attention, Double alert, Double flood, String field) {
    metres(attention, field + ".attentionM");
    metres(alert, field + ".alertM");
    metres(flood, field + ".floodM");
    Contract.require(alert > attention, field + ".alertM", "must be above attentionM");
    Contract.require(flood > alert, field + ".floodM", "must be above alertM");
  }

  private static void metres(Double value, String field) {
    Contract.present(value, field);
    Contract.require(
        Double.isFinite(value) && value >= -100 && value <= 10_000,
        field,
        "must be in [-100, 10000] m");
  }

  private static Bounds bounds(Bounds b, String field) {
    Contract.present(b, field);
    mm(b.hourMm(), field + ".hourMm");
    mm(b.dayMm(), field + ".dayMm");
    mm(b.fourDaysMm(), field + ".fourDaysMm");
    return b;
  }

  private static void rising(double medium, double high, double veryHigh, String window) {
    Contract.require(
        high > medium, "landslide.high." + window, "must be above landslide.medium." + window);
    Contract.require(
        veryHigh > high, "landslide.veryHigh." + window, "must be above landslide.high." + window);
  }

  private static void mm(Double value, String field) {
    Contract.present(value, field);
    Contract.require(
        Double.isFinite(value) && value > 0 && value <= 5_000, field, "must be in (0, 5000] mm");
  }

  private static void absent(Object value, String field) {
    Contract.require(value == null, field, "is not a setting of this detector");
  }
}
