package org.cityops.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The city's rules as a file sets them. For the rain job: the heavy-rain classes of the hourly sum,
 * the community-siren levels; optionally the rain that makes each landslide level, the water-level
 * stages and how many residents' reports make an urban flood (each, when absent, from the job's
 * settings); and how long rain incidents hold before falling or clearing. For the traffic job,
 * optionally: California #8's thresholds, the congestion levels and how many residents' reports
 * make a traffic incident. For the health job, optionally: the dengue levels (InfoDengue's
 * thresholds) its hotspots go by. Each job takes its own detectors' rules from the file and passes
 * over the others. Each rule has an id and a version (raised with every change), which name it in
 * logs, reports and every incident it judged.
 *
 * <p>Read from YAML, checked against {@code city-rules.schema.json} and then against what a schema
 * cannot say (classes must rise, one rule per detector, ids unique); every refusal names the file,
 * the line and the field, and nothing of a refused file is used.
 */
public record CityRuleSet(
    HeavyRain heavyRain,
    SirenLevel sirenLevel,
    LandslideRisk landslideRisk,
    WaterLevel waterLevel,
    UrbanFlooding urbanFlooding,
    TrafficIncident trafficIncident,
    Congestion congestion,
    AccidentReports accidentReports,
    DiseaseHotspot diseaseHotspot,
    Duration downgradeHold,
    Duration clearHold)
    implements Serializable {

  /** What every rule has: its id, and its version (raised with every change). */
  public interface Rule {
    String id();

    long version();
  }

  public static final String SCHEMA = "/org/cityops/rules/city-rules.schema.json";
  public static final Duration DEFAULT_DOWNGRADE_HOLD = Duration.ofMinutes(30);
  public static final Duration DEFAULT_CLEAR_HOLD = Duration.ofMinutes(60);
  private static final SchemaCheck CHECK = SchemaCheck.of(SCHEMA);

  /** Hourly sum classes: moderate from {@code moderateMm}, strong, very strong above the last. */
  public record HeavyRain(
      String id, long version, double moderateMm, double strongMm, double veryStrongMm)
      implements Rule, Serializable {}

  /** The sirens sound at {@code hourMm} in 1 h or {@code dayMm} in 24 h. */
  public record SirenLevel(String id, long version, double hourMm, double dayMm)
      implements Rule, Serializable {}

  /**
   * The landslide levels: a rain zone is at a level when one of its gauges' 1 h, 24 h or 96 h sums
   * reaches that level's bound; the bounds rise from medium to very high in every window.
   */
  public record LandslideRisk(String id, long version, Bounds medium, Bounds high, Bounds veryHigh)
      implements Rule, Serializable {}

  /** One landslide level's bounds in mm. */
  public record Bounds(double hourMm, double dayMm, double fourDaysMm) implements Serializable {}

  /**
   * A river or canal station's stages in metres (attention, alert, flood: rising) for every station
   * not in {@code stations}, which gives its own; a rise of {@code riseM} within the job's rise
   * window is fast.
   */
  public record WaterLevel(
      String id,
      long version,
      Stages defaults,
      double riseM,
      java.util.SortedMap<String, Stages> stations)
      implements Rule, Serializable {
    public WaterLevel {
      stations = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(stations));
    }
  }

  /** One station's stages in metres. */
  public record Stages(double attentionM, double alertM, double floodM) implements Serializable {}

  /**
   * {@code minReporters} distinct residents' flooding reports make an incident; an hourly sum of
   * {@code strongRainMm} at a gauge nearby corroborates them.
   */
  public record UrbanFlooding(String id, long version, int minReporters, double strongRainMm)
      implements Rule, Serializable {}

  /**
   * California algorithm #8's thresholds (the traffic job's incident detector between two
   * detectors), in occupancy percent; {@code speedDrop} 0 turns the speed trigger off.
   */
  public record TrafficIncident(
      String id,
      long version,
      double occupancyDifference,
      double relativeDifference,
      double downstreamDrop,
      double compressionWave,
      double speedDrop)
      implements Rule, Serializable {}

  /**
   * The traffic levels at one detector by speed over its free-flow speed: slow, congested (Minor),
   * standstill (Moderate) below each bound, the bounds falling in that order.
   */
  public record Congestion(
      String id, long version, double slowBelow, double congestedBelow, double standstillBelow)
      implements Rule, Serializable {}

  /**
   * InfoDengue's levels of a neighbourhood's week, which the health job's hotspots go by: warm
   * above {@code warmAboveC}, transmission above {@code preEpidemicPer100k} weekly cases per
   * 100,000, an epidemic above {@code epidemicPer100k}, growth when P(Rt > 1) exceeds {@code
   * growthProbability}, at least {@code minCasesRed} cases in a red week.
   */
  public record DiseaseHotspot(
      String id,
      long version,
      double warmAboveC,
      double preEpidemicPer100k,
      double epidemicPer100k,
      double growthProbability,
      int minCasesRed)
      implements Rule, Serializable {}

  /** The disease-hotspot rule, when the file has one. */
  public java.util.Optional<DiseaseHotspot> disease() {
    return java.util.Optional.ofNullable(diseaseHotspot);
  }

  /** {@code minReporters} distinct residents' reports on one stretch make a traffic incident. */
  public record AccidentReports(String id, long version, int minReporters)
      implements Rule, Serializable {}

  /** The accident-reports rule, when the file has one. */
  public java.util.Optional<AccidentReports> accidents() {
    return java.util.Optional.ofNullable(accidentReports);
  }

  /** The traffic-incident rule, when the file has one. */
  public java.util.Optional<TrafficIncident> traffic() {
    return java.util.Optional.ofNullable(trafficIncident);
  }

  /** The congestion rule, when the file has one. */
  public java.util.Optional<Congestion> congestionLevels() {
    return java.util.Optional.ofNullable(congestion);
  }

  /** The landslide rule, when the file has one. */
  public java.util.Optional<LandslideRisk> landslide() {
    return java.util.Optional.ofNullable(landslideRisk);
  }

  /** The water-level rule, when the file has one. */
  public java.util.Optional<WaterLevel> water() {
    return java.util.Optional.ofNullable(waterLevel);
  }

  /** The urban-flooding rule, when the file has one. */
  public java.util.Optional<UrbanFlooding> flooding() {
    return java.util.Optional.ofNullable(urbanFlooding);
  }

  /** The file at {@code path}, read and checked. */
  public static CityRuleSet read(Path path) {
    byte[] bytes;
    try {
      if (Files.size(path) > YamlDocument.MAX_BYTES) {
        throw new RuleFileException(
            path.toString(), 0, "", "is larger than " + YamlDocument.MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new RuleFileException(path.toString(), 0, "", "cannot be read: " + e);
    }
    return parse(path.toString(), bytes);
  }

  /** {@code bytes} of YAML, reported under the name {@code file}. */
  public static CityRuleSet parse(String file, byte[] bytes) {
    YamlDocument doc = YamlDocument.parse(file, bytes);
    CHECK.check(doc);
    HeavyRain heavy = null;
    SirenLevel siren = null;
    LandslideRisk landslide = null;
    WaterLevel water = null;
    UrbanFlooding flooding = null;
    TrafficIncident traffic = null;
    Congestion congestion = null;
    DiseaseHotspot disease = null;
    AccidentReports accidents = null;
    Map<String, Integer> ids = new HashMap<>();
    JsonNode rules = doc.root().get("rules");
    for (int i = 0; i < rules.size(); i++) {
      JsonNode r = rules.get(i);
      String at = "/rules/" + i;
      String id = r.get("id").asText();
      Integer first = ids.putIfAbsent(id, i);
      if (first != null) {
        throw doc.problem(at + "/id", "'" + id + "' is already the id of rules[" + first + "]");
      }
      long version = r.get("version").asLong();
      switch (r.get("detector").asText()) {
        case "heavy_rain" -> {
          if (heavy != null) {
            throw doc.problem(at + "/detector", "a second heavy_rain rule; one per detector");
          }
          double moderate = r.get("moderate-mm").asDouble();
          double strong = r.get("strong-mm").asDouble();
          double veryStrong = r.get("very-strong-mm").asDouble();
          if (!(strong > moderate)) {
            throw doc.problem(
                at + "/strong-mm", "must be above moderate-mm (" + moderate + "), was " + strong);
          }
          if (!(veryStrong > strong)) {
            throw doc.problem(
                at + "/very-strong-mm",
                "must be above strong-mm (" + strong + "), was " + veryStrong);
          }
          heavy = new HeavyRain(id, version, moderate, strong, veryStrong);
        }
        case "siren_level" -> {
          if (siren != null) {
            throw doc.problem(at + "/detector", "a second siren_level rule; one per detector");
          }
          siren =
              new SirenLevel(id, version, r.get("hour-mm").asDouble(), r.get("day-mm").asDouble());
        }
        case "landslide_risk" -> {
          if (landslide != null) {
            throw doc.problem(at + "/detector", "a second landslide_risk rule; one per detector");
          }
          Bounds medium = bounds(r.get("medium"));
          Bounds high = bounds(r.get("high"));
          Bounds veryHigh = bounds(r.get("very-high"));
          rising(doc, at, "1h-mm", medium.hourMm(), high.hourMm(), veryHigh.hourMm());
          rising(doc, at, "24h-mm", medium.dayMm(), high.dayMm(), veryHigh.dayMm());
          rising(doc, at, "96h-mm", medium.fourDaysMm(), high.fourDaysMm(), veryHigh.fourDaysMm());
          landslide = new LandslideRisk(id, version, medium, high, veryHigh);
        }
        case "water_level" -> {
          if (water != null) {
            throw doc.problem(at + "/detector", "a second water_level rule; one per detector");
          }
          Stages defaults = stages(doc, at, r);
          java.util.SortedMap<String, Stages> stations = new java.util.TreeMap<>();
          JsonNode list = r.path("stations");
          for (int j = 0; j < list.size(); j++) {
            String station = list.get(j).get("id").asText();
            if (stations.put(station, stages(doc, at + "/stations/" + j, list.get(j))) != null) {
              throw doc.problem(
                  at + "/stations/" + j + "/id", "station '" + station + "' is named twice");
            }
          }
          water = new WaterLevel(id, version, defaults, r.get("rise-m").asDouble(), stations);
        }
        case "urban_flooding" -> {
          if (flooding != null) {
            throw doc.problem(at + "/detector", "a second urban_flooding rule; one per detector");
          }
          flooding =
              new UrbanFlooding(
                  id, version, r.get("min-reporters").asInt(), r.get("strong-rain-mm").asDouble());
        }
        case "traffic_incident" -> {
          if (traffic != null) {
            throw doc.problem(at + "/detector", "a second traffic_incident rule; one per detector");
          }
          traffic =
              new TrafficIncident(
                  id,
                  version,
                  r.get("occupancy-difference").asDouble(),
                  r.get("relative-difference").asDouble(),
                  r.get("downstream-drop").asDouble(),
                  r.get("compression-wave").asDouble(),
                  r.get("speed-drop").asDouble());
        }
        case "congestion" -> {
          if (congestion != null) {
            throw doc.problem(at + "/detector", "a second congestion rule; one per detector");
          }
          double slow = r.get("slow-below").asDouble();
          double congested = r.get("congested-below").asDouble();
          double standstill = r.get("standstill-below").asDouble();
          if (!(congested < slow)) {
            throw doc.problem(
                at + "/congested-below",
                "must be below slow-below (" + slow + "), was " + congested);
          }
          if (!(standstill < congested)) {
            throw doc.problem(
                at + "/standstill-below",
                "must be below congested-below (" + congested + "), was " + standstill);
          }
          congestion = new Congestion(id, version, slow, congested, standstill);
        }
        case "accident_reports" -> {
          if (accidents != null) {
            throw doc.problem(at + "/detector", "a second accident_reports rule; one per detector");
          }
          accidents = new AccidentReports(id, version, r.get("min-reporters").asInt());
        }
        case "disease_hotspot" -> {
          if (disease != null) {
            throw doc.problem(at + "/detector", "a second disease_hotspot rule; one per detector");
          }
          double pre = r.get("pre-epidemic-per-100k").asDouble();
          double epidemic = r.get("epidemic-per-100k").asDouble();
          if (!(epidemic > pre)) {
            throw doc.problem(
                at + "/epidemic-per-100k",
                "must be above pre-epidemic-per-100k (" + pre + "), was " + epidemic);
          }
          disease =
              new DiseaseHotspot(
                  id,
                  version,
                  r.get("warm-above-c").asDouble(),
                  pre,
                  epidemic,
                  r.get("growth-probability").asDouble(),
                  r.get("min-cases-red").asInt());
        }
        default -> throw new IllegalStateException("the schema admits no other detector");
      }
    }
    for (String missing :
        List.of(heavy == null ? "heavy_rain" : "", siren == null ? "siren_level" : "")) {
      if (!missing.isEmpty()) {
        // leaving a detector out would switch it off without a word: a file must say all
        throw doc.problem(
            "/rules",
            "no rule for the " + missing + " detector (heavy_rain and siren_level each need one)");
      }
    }
    JsonNode holds = doc.root().path("holds");
    return new CityRuleSet(
        heavy,
        siren,
        landslide,
        water,
        flooding,
        traffic,
        congestion,
        accidents,
        disease,
        holds.has("downgrade") ? duration(holds.get("downgrade").asText()) : DEFAULT_DOWNGRADE_HOLD,
        holds.has("clear") ? duration(holds.get("clear").asText()) : DEFAULT_CLEAR_HOLD);
  }

  private static Bounds bounds(JsonNode level) {
    return new Bounds(
        level.get("1h-mm").asDouble(),
        level.get("24h-mm").asDouble(),
        level.get("96h-mm").asDouble());
  }

  /** The stages at {@code at}: each above the one before. */
  private static Stages stages(YamlDocument doc, String at, JsonNode node) {
    double attention = node.get("attention-m").asDouble();
    double alert = node.get("alert-m").asDouble();
    double flood = node.get("flood-m").asDouble();
    if (!(alert > attention)) {
      throw doc.problem(
          at + "/alert-m", "must be above attention-m (" + attention + "), was " + alert);
    }
    if (!(flood > alert)) {
      throw doc.problem(at + "/flood-m", "must be above alert-m (" + alert + "), was " + flood);
    }
    return new Stages(attention, alert, flood);
  }

  /** Each level needs more rain than the one below it, in every window. */
  private static void rising(
      YamlDocument doc, String at, String window, double medium, double high, double veryHigh) {
    if (!(high > medium)) {
      throw doc.problem(
          at + "/high/" + window,
          "must be above medium's " + window + " (" + medium + "), was " + high);
    }
    if (!(veryHigh > high)) {
      throw doc.problem(
          at + "/very-high/" + window,
          "must be above high's " + window + " (" + high + "), was " + veryHigh);
    }
  }

  /**
   * {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 500ms} (the schema checked the form).
   */
  static Duration duration(String text) {
    return org.cityops.events.DurationText.parse(text);
  }

  /** How the rules are named in logs: {@code heavy-rain v3, siren-level v1}. */
  public String describe() {
    java.util.StringJoiner out = new java.util.StringJoiner(", ");
    name(out, heavyRain, "heavy_rain");
    name(out, sirenLevel, "siren_level");
    name(out, landslideRisk, "landslide_risk");
    name(out, waterLevel, "water_level");
    name(out, urbanFlooding, "urban_flooding");
    name(out, trafficIncident, "traffic_incident");
    name(out, congestion, "congestion");
    name(out, accidentReports, "accident_reports");
    name(out, diseaseHotspot, "disease_hotspot");
    return out.toString();
  }

  /** Adds {@code rule} as {@code id vN (detector)}, when the file has it. */
  private static void name(java.util.StringJoiner out, Rule rule, String detector) {
    if (rule != null) {
      out.add(rule.id() + " v" + rule.version() + " (" + detector + ")");
    }
  }
}
