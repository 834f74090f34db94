package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A new version of one rule of the rain job's detectors, pushed to a running job on {@code
 * city.control} (keyed by rule id) by the console, for an engineer or supervisor logged in there
 * (the engineers' tool goes through the console: only its identity may write the topic). The job
 * keeps every version it was given and judges each rain sum by the highest version in force at the
 * sum's own event time, so a change applies from {@code effectiveFrom} on whatever the order in
 * which rules and readings arrive; pushing an older version after a newer one changes nothing.
 *
 * <p>Which thresholds are given depends on the detector: {@code moderateMm}, {@code strongMm} and
 * {@code veryStrongMm} (rising) for heavy rain; {@code hourMm} and {@code dayMm} for the siren
 * level; {@code landslide} (each level's 1 h, 24 h and 96 h bounds, rising from medium to very
 * high) for landslide risk; {@code water} (the stages, per station where they differ, and the rise
 * that counts as fast) for water levels; {@code flooding} (how many residents, and the rain that
 * corroborates them) for urban flooding; the others are absent.
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
    UrbanFlooding flooding) {

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
        flooding);
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
        flooding);
  }

  /** The rain job's detectors a rule may set. */
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
    URBAN_FLOODING
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
      }
    }
    return this;
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
