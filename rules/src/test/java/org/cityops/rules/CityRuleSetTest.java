package org.cityops.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CityRuleSetTest {
  private static final String VALID =
      """
      # a comment
      rules:
        - id: heavy-rain
          version: 3
          detector: heavy_rain
          moderate-mm: 5
          strong-mm: 25.1
          very-strong-mm: 50
        - id: siren-level
          version: 1
          detector: siren_level
          hour-mm: 40
          day-mm: 125
      holds:
        downgrade: 45m
        clear: 2h
      """;

  private static CityRuleSet parse(String yaml) {
    return CityRuleSet.parse("rules.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** The refusal of {@code yaml}, as the engineer reads it. */
  private static String refusal(String yaml) {
    try {
      parse(yaml);
    } catch (RuleFileException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted:\n" + yaml);
  }

  @Test
  void aValidFileGivesEveryRuleWithItsIdAndVersion() {
    CityRuleSet rules = parse(VALID);
    assertThat(rules.heavyRain())
        .isEqualTo(new CityRuleSet.HeavyRain("heavy-rain", 3, 5, 25.1, 50));
    assertThat(rules.sirenLevel()).isEqualTo(new CityRuleSet.SirenLevel("siren-level", 1, 40, 125));
    assertThat(rules.downgradeHold()).isEqualTo(Duration.ofMinutes(45));
    assertThat(rules.clearHold()).isEqualTo(Duration.ofHours(2));
    assertThat(rules.describe())
        .isEqualTo("heavy-rain v3 (heavy_rain), siren-level v1 (siren_level)");
  }

  private static final String LANDSLIDE =
      VALID.replace(
          "holds:",
          """
            - id: landslide-risk
              version: 2
              detector: landslide_risk
              medium: {1h-mm: 10, 24h-mm: 50, 96h-mm: 100}
              high: {1h-mm: 30, 24h-mm: 100, 96h-mm: 175}
              very-high:
                1h-mm: 50
                24h-mm: 175
                96h-mm: 250
          holds:""");

  @Test
  void aLandslideRuleIsOptionalAndCheckedLikeTheOthers() {
    assertThat(parse(VALID).landslide()).isEmpty();
    CityRuleSet rules = parse(LANDSLIDE);
    assertThat(rules.landslide())
        .contains(
            new CityRuleSet.LandslideRisk(
                "landslide-risk",
                2,
                new CityRuleSet.Bounds(10, 50, 100),
                new CityRuleSet.Bounds(30, 100, 175),
                new CityRuleSet.Bounds(50, 175, 250)));
    assertThat(rules.describe())
        .isEqualTo(
            "heavy-rain v3 (heavy_rain), siren-level v1 (siren_level), landslide-risk v2"
                + " (landslide_risk)");
    // levels must rise in every window; the line is the level's
    assertThat(
            refusal(
                LANDSLIDE.replace("high: {1h-mm: 30, 24h-mm: 100", "high: {1h-mm: 30, 24h-mm: 40")))
        .isEqualTo(
            "rules.yaml:18: rules[2].high.24h-mm: must be above medium's 24h-mm (50.0), was 40.0");
    assertThat(refusal(LANDSLIDE.replace("    96h-mm: 250", "    96h-mm: 175")))
        .isEqualTo(
            "rules.yaml:22: rules[2].very-high.96h-mm: must be above high's 96h-mm (175.0), was"
                + " 175.0");
    // a missing window, a rain-level threshold on it, a second one: refused by line and field
    assertThat(
            refusal(
                LANDSLIDE.replace(
                    "medium: {1h-mm: 10, 24h-mm: 50, 96h-mm: 100}",
                    "medium: {1h-mm: 10, 24h-mm: 50}")))
        .startsWith("rules.yaml:17: rules[2].medium: ")
        .contains("96h-mm");
    assertThat(
            refusal(
                LANDSLIDE.replace(
                    "detector: landslide_risk", "detector: landslide_risk\n    hour-mm: 40")))
        .isEqualTo("rules.yaml:17: rules[2].hour-mm: is not a setting of this rule's detector");
    assertThat(
            refusal(
                LANDSLIDE.replace("id: landslide-risk", "id: landslide-risk\n    medium-mm: 3")))
        .startsWith("rules.yaml:15: rules[2].medium-mm: ");
    String twice =
        LANDSLIDE.replace(
            "holds:",
            """
              - id: slopes
                version: 1
                detector: landslide_risk
                medium: {1h-mm: 10, 24h-mm: 50, 96h-mm: 100}
                high: {1h-mm: 30, 24h-mm: 100, 96h-mm: 175}
                very-high: {1h-mm: 50, 24h-mm: 175, 96h-mm: 250}
            holds:""");
    assertThat(refusal(twice))
        .isEqualTo(
            "rules.yaml:25: rules[3].detector: a second landslide_risk rule; one per detector");
  }

  private static final String WATER_AND_FLOODING =
      VALID.replace(
          "holds:",
          """
            - id: rivers
              version: 4
              detector: water_level
              attention-m: 2.5
              alert-m: 3.5
              flood-m: 4.5
              rise-m: 0.5
              stations:
                - {id: river-001, attention-m: -0.5, alert-m: 0.2, flood-m: 1.0}
            - id: street-floods
              version: 2
              detector: urban_flooding
              min-reporters: 5
              strong-rain-mm: 30
          holds:""");

  @Test
  void waterLevelAndUrbanFloodingRulesAreOptionalAndCheckedLikeTheOthers() {
    assertThat(parse(VALID).water()).isEmpty();
    assertThat(parse(VALID).flooding()).isEmpty();
    CityRuleSet rules = parse(WATER_AND_FLOODING);
    assertThat(rules.water())
        .contains(
            new CityRuleSet.WaterLevel(
                "rivers",
                4,
                new CityRuleSet.Stages(2.5, 3.5, 4.5),
                0.5,
                new java.util.TreeMap<>(
                    java.util.Map.of("river-001", new CityRuleSet.Stages(-0.5, 0.2, 1.0)))));
    assertThat(rules.flooding()).contains(new CityRuleSet.UrbanFlooding("street-floods", 2, 5, 30));
    assertThat(rules.describe())
        .isEqualTo(
            "heavy-rain v3 (heavy_rain), siren-level v1 (siren_level), rivers v4 (water_level),"
                + " street-floods v2 (urban_flooding)");
    // stages must rise, for the defaults and each station; each named by its line
    assertThat(refusal(WATER_AND_FLOODING.replace("alert-m: 3.5", "alert-m: 2.5")))
        .isEqualTo("rules.yaml:18: rules[2].alert-m: must be above attention-m (2.5), was 2.5");
    assertThat(refusal(WATER_AND_FLOODING.replace("flood-m: 1.0}", "flood-m: 0.1}")))
        .isEqualTo(
            "rules.yaml:22: rules[2].stations[0].flood-m: must be above alert-m (0.2), was 0.1");
    String twice =
        WATER_AND_FLOODING.replace(
            "flood-m: 1.0}",
            "flood-m: 1.0}\n      - {id: river-001, attention-m: 1, alert-m: 2, flood-m: 3}");
    assertThat(refusal(twice))
        .isEqualTo("rules.yaml:23: rules[2].stations[1].id: station 'river-001' is named twice");
    // the schema: a stage missing, out of range, a setting of another detector, a typo
    assertThat(refusal(WATER_AND_FLOODING.replace("    rise-m: 0.5\n", "")))
        .startsWith("rules.yaml:14: rules[2]: ")
        .contains("rise-m");
    assertThat(refusal(WATER_AND_FLOODING.replace("flood-m: 4.5", "flood-m: 1e6")))
        .startsWith("rules.yaml:19: rules[2].flood-m: ");
    assertThat(refusal(WATER_AND_FLOODING.replace("min-reporters: 5", "min-reporters: 0")))
        .startsWith("rules.yaml:26: rules[3].min-reporters: ");
    assertThat(refusal(WATER_AND_FLOODING.replace("min-reporters: 5", "min-reporters: 2.5")))
        .startsWith("rules.yaml:26: rules[3].min-reporters: ");
    assertThat(refusal(WATER_AND_FLOODING.replace("strong-rain-mm: 30", "strong-mm: 30")))
        .contains("rules.yaml:27: rules[3].strong-mm: is not a setting of this rule's detector");
    assertThat(
            refusal(
                WATER_AND_FLOODING.replace(
                    "detector: water_level", "detector: water_level\n    min-reporters: 3")))
        .isEqualTo(
            "rules.yaml:17: rules[2].min-reporters: is not a setting of this rule's detector");
    assertThat(refusal(WATER_AND_FLOODING.replace("{id: river-001,", "{station: river-001,")))
        .contains("rules.yaml:22: rules[2].stations[0]");
  }

  private static final String TRAFFIC =
      VALID.replace(
          "holds:",
          """
            - id: queues
              version: 2
              detector: traffic_incident
              occupancy-difference: 10
              relative-difference: 0.45
              downstream-drop: 0.25
              compression-wave: 35
              speed-drop: 0
            - id: jams
              version: 5
              detector: congestion
              slow-below: 0.8
              congested-below: 0.55
              standstill-below: 0.3
          holds:""");

  @Test
  void trafficRulesAreOptionalAndCheckedLikeTheOthers() {
    assertThat(parse(VALID).traffic()).isEmpty();
    assertThat(parse(VALID).congestionLevels()).isEmpty();
    CityRuleSet rules = parse(TRAFFIC);
    assertThat(rules.traffic())
        .contains(new CityRuleSet.TrafficIncident("queues", 2, 10, 0.45, 0.25, 35, 0));
    assertThat(rules.congestionLevels())
        .contains(new CityRuleSet.Congestion("jams", 5, 0.8, 0.55, 0.3));
    assertThat(rules.describe())
        .isEqualTo(
            "heavy-rain v3 (heavy_rain), siren-level v1 (siren_level), queues v2"
                + " (traffic_incident), jams v5 (congestion)");
    // the levels must fall from slow to standstill
    assertThat(refusal(TRAFFIC.replace("congested-below: 0.55", "congested-below: 0.8")))
        .isEqualTo(
            "rules.yaml:26: rules[3].congested-below: must be below slow-below (0.8), was 0.8");
    assertThat(refusal(TRAFFIC.replace("standstill-below: 0.3", "standstill-below: 0.6")))
        .isEqualTo(
            "rules.yaml:27: rules[3].standstill-below: must be below congested-below (0.55), was"
                + " 0.6");
    // the schema: out of range, missing, another detector's setting, a second rule
    assertThat(refusal(TRAFFIC.replace("relative-difference: 0.45", "relative-difference: 45")))
        .startsWith("rules.yaml:18: rules[2].relative-difference: ");
    assertThat(refusal(TRAFFIC.replace("    speed-drop: 0\n", "")))
        .startsWith("rules.yaml:14: rules[2]: ")
        .contains("speed-drop");
    assertThat(refusal(TRAFFIC.replace("slow-below: 0.8", "slow-below: 0.8\n    speed-drop: 0.4")))
        .isEqualTo("rules.yaml:26: rules[3].speed-drop: is not a setting of this rule's detector");
    assertThat(
            refusal(
                TRAFFIC.replace(
                    "holds:",
                    "  - {id: more-jams, version: 1, detector: congestion, slow-below: 0.7,"
                        + " congested-below: 0.4, standstill-below: 0.2}\nholds:")))
        .isEqualTo("rules.yaml:28: rules[4].detector: a second congestion rule; one per detector");
    // accident reports: how many residents, at most 100 (urban flooding's allow 1000)
    String accidents =
        TRAFFIC.replace(
            "holds:",
            "  - {id: crowd, version: 2, detector: accident_reports, min-reporters: 3}\nholds:");
    assertThat(parse(accidents).accidents())
        .contains(new CityRuleSet.AccidentReports("crowd", 2, 3));
    assertThat(parse(TRAFFIC).accidents()).isEmpty();
    assertThat(refusal(accidents.replace("min-reporters: 3", "min-reporters: 500")))
        .startsWith("rules.yaml:28: rules[4].min-reporters: ");
    assertThat(refusal(accidents.replace("min-reporters: 3}", "min-reporters: 3, speed-drop: 0}")))
        .isEqualTo("rules.yaml:28: rules[4].speed-drop: is not a setting of this rule's detector");
  }

  private static final String DENGUE =
      VALID.replace(
          "holds:",
          """
            - id: dengue
              version: 3
              detector: disease_hotspot
              warm-above-c: 21.5
              pre-epidemic-per-100k: 10
              epidemic-per-100k: 30
              growth-probability: 0.9
              min-cases-red: 8
          holds:""");

  @Test
  void theDengueRuleIsOptionalAndCheckedLikeTheOthers() {
    assertThat(parse(VALID).disease()).isEmpty();
    CityRuleSet rules = parse(DENGUE);
    assertThat(rules.disease())
        .contains(new CityRuleSet.DiseaseHotspot("dengue", 3, 21.5, 10, 30, 0.9, 8));
    assertThat(rules.describe())
        .isEqualTo(
            "heavy-rain v3 (heavy_rain), siren-level v1 (siren_level), dengue v3"
                + " (disease_hotspot)");
    assertThat(refusal(DENGUE.replace("epidemic-per-100k: 30", "epidemic-per-100k: 9")))
        .isEqualTo(
            "rules.yaml:19: rules[2].epidemic-per-100k: must be above pre-epidemic-per-100k"
                + " (10.0), was 9.0");
    assertThat(refusal(DENGUE.replace("growth-probability: 0.9", "growth-probability: 1.5")))
        .startsWith("rules.yaml:20: rules[2].growth-probability: ");
    assertThat(refusal(DENGUE.replace("min-cases-red: 8", "min-cases-red: 2.5")))
        .startsWith("rules.yaml:21: rules[2].min-cases-red: ");
    assertThat(refusal(DENGUE.replace("    min-cases-red: 8\n", "")))
        .startsWith("rules.yaml:14: rules[2]: ")
        .contains("min-cases-red");
    assertThat(refusal(DENGUE.replace("min-cases-red: 8", "min-cases-red: 8\n    hour-mm: 40")))
        .isEqualTo("rules.yaml:22: rules[2].hour-mm: is not a setting of this rule's detector");
  }

  @Test
  void theExampleShippedWithTheRepositoryIsValidAndIsRiosDefaults() {
    CityRuleSet rio = CityRuleSet.read(Path.of("examples/rio-rules.yaml"));
    assertThat(rio.heavyRain()).isEqualTo(new CityRuleSet.HeavyRain("heavy-rain", 1, 5, 25.1, 50));
    assertThat(rio.sirenLevel()).isEqualTo(new CityRuleSet.SirenLevel("siren-level", 1, 40, 125));
    assertThat(rio.landslide())
        .contains(
            new CityRuleSet.LandslideRisk(
                "landslide-risk",
                1,
                new CityRuleSet.Bounds(10, 50, 100),
                new CityRuleSet.Bounds(30, 100, 175),
                new CityRuleSet.Bounds(50, 175, 250)));
    assertThat(rio.water())
        .contains(
            new CityRuleSet.WaterLevel(
                "water-level",
                1,
                new CityRuleSet.Stages(2.5, 3.5, 4.5),
                0.5,
                new java.util.TreeMap<>()));
    assertThat(rio.flooding())
        .contains(new CityRuleSet.UrbanFlooding("urban-flooding", 1, 3, 25.1));
    // the traffic job's defaults (TrafficConfig's), as version 1
    assertThat(rio.traffic())
        .contains(new CityRuleSet.TrafficIncident("traffic-incident", 1, 8, 0.5, 0.3, 30, 0.4));
    assertThat(rio.congestionLevels())
        .contains(new CityRuleSet.Congestion("congestion", 1, 0.75, 0.5, 0.25));
    assertThat(rio.accidents()).contains(new CityRuleSet.AccidentReports("accident-reports", 1, 2));
    // the health job's defaults (InfoDengue's Rio thresholds), as version 1
    assertThat(rio.disease())
        .contains(new CityRuleSet.DiseaseHotspot("dengue", 1, 22, 8.28, 21.6, 0.95, 5));
    assertThat(rio.downgradeHold()).isEqualTo(CityRuleSet.DEFAULT_DOWNGRADE_HOLD);
    assertThat(rio.clearHold()).isEqualTo(CityRuleSet.DEFAULT_CLEAR_HOLD);
  }

  @Test
  void schemaRefusalsNameTheFileTheLineAndTheField() {
    assertThat(refusal(VALID.replace("strong-mm: 25.1", "strong-mm: lots")))
        .startsWith("rules.yaml:7: rules[0].strong-mm: ")
        .contains("number");
    assertThat(refusal(VALID.replace("    very-strong-mm: 50\n", "")))
        .startsWith("rules.yaml:3: rules[0]: ")
        .contains("very-strong-mm");
    // a typo is not ignored: the threshold it meant to set would silently stay at its default
    // every problem at once, one a line: here the typo and the field it left unset
    assertThat(refusal(VALID.replace("day-mm: 125", "day_mm: 125")).lines())
        .hasSize(2)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .isEqualTo("rules.yaml:9: rules[1]: required property 'day-mm' not found"),
            second -> assertThat(second).startsWith("rules.yaml:13: rules[1].day_mm: "));
    assertThat(refusal(VALID.replace("hour-mm: 40", "hour-mm: -40")))
        .startsWith("rules.yaml:12: rules[1].hour-mm: ");
    assertThat(refusal(VALID.replace("version: 3", "version: 0")))
        .startsWith("rules.yaml:4: rules[0].version: ");
    assertThat(refusal(VALID.replace("detector: siren_level", "detector: sirens")))
        .startsWith("rules.yaml:11: rules[1].detector: ");
    assertThat(refusal(VALID.replace("clear: 2h", "clear: two hours")))
        .isEqualTo(
            "rules.yaml:16: holds.clear: must be a number and a unit (500ms, 90s, 30m, 2h, 1d),"
                + " was \"two hours\"");
    // a siren setting in the heavy-rain rule would be ignored: refused instead
    assertThat(refusal(VALID.replace("very-strong-mm: 50", "very-strong-mm: 50\n    hour-mm: 40")))
        .isEqualTo("rules.yaml:9: rules[0].hour-mm: is not a setting of this rule's detector");
    assertThat(refusal(VALID.replace("- id: heavy-rain", "- id: Heavy Rain!")))
        .startsWith("rules.yaml:3: rules[0].id: ");
    assertThat(refusal(VALID + "extra: 1\n")).startsWith("rules.yaml:17: extra: ");
  }

  @Test
  void whatASchemaCannotSayIsCheckedWithTheLineToo() {
    assertThat(refusal(VALID.replace("strong-mm: 25.1", "strong-mm: 4")))
        .isEqualTo("rules.yaml:7: rules[0].strong-mm: must be above moderate-mm (5.0), was 4.0");
    assertThat(refusal(VALID.replace("very-strong-mm: 50", "very-strong-mm: 25.1")))
        .isEqualTo(
            "rules.yaml:8: rules[0].very-strong-mm: must be above strong-mm (25.1), was 25.1");
    assertThat(refusal(VALID.replace("id: siren-level", "id: heavy-rain")))
        .isEqualTo("rules.yaml:9: rules[1].id: 'heavy-rain' is already the id of rules[0]");
    String twoHeavy =
        VALID.replace(
            "holds:",
            """
              - id: heavier-rain
                version: 1
                detector: heavy_rain
                moderate-mm: 6
                strong-mm: 30
                very-strong-mm: 60
            holds:""");
    assertThat(refusal(twoHeavy))
        .isEqualTo("rules.yaml:16: rules[2].detector: a second heavy_rain rule; one per detector");
    String noSiren = VALID.substring(0, VALID.indexOf("  - id: siren-level"));
    assertThat(refusal(noSiren))
        .isEqualTo(
            "rules.yaml:2: rules: no rule for the siren_level detector (heavy_rain and"
                + " siren_level each need one)");
  }

  @Test
  void brokenHostileAndEmptyFilesAreRefusedWithAReason() {
    assertThat(refusal("rules: [\n  - id: x\n")).startsWith("rules.yaml:");
    assertThat(refusal("")).isEqualTo("rules.yaml:1: is empty");
    assertThat(refusal("# nothing but a comment\n")).isEqualTo("rules.yaml:1: is empty");
    assertThat(refusal("- just\n- a list\n")).startsWith("rules.yaml:1: ").contains("object");
    // the same key twice: YAML would let the second win without a word
    assertThat(refusal(VALID.replace("strong-mm: 25.1", "strong-mm: 25.1\n    strong-mm: 2")))
        .startsWith("rules.yaml:8: ")
        .contains("strong-mm");
    // a billion laughs: aliases that expand without end are refused by the YAML reader
    StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      laughs.append(c).append(": &").append(c).append(" [*").append(p);
      laughs.append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    assertThat(refusal(laughs.toString())).startsWith("rules.yaml");
    byte[] huge = new byte[YamlDocument.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '#');
    assertThatThrownBy(() -> CityRuleSet.parse("huge.yaml", huge))
        .hasMessage("huge.yaml: is " + huge.length + " bytes, more than the 1048576 allowed");
    assertThat(refusal("rules:\n  - id: \"\\u0000\"\n    version: 1\n    detector: heavy_rain\n"))
        .startsWith("rules.yaml:2: rules[0]");
  }

  @Test
  void aMissingFileIsSaidSo() {
    assertThatThrownBy(() -> CityRuleSet.read(Path.of("no/such/rules.yaml")))
        .isInstanceOf(RuleFileException.class)
        .hasMessageStartingWith("no/such/rules.yaml: cannot be read");
  }

  @Test
  void durationsReadEveryUnit() {
    assertThat(CityRuleSet.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(CityRuleSet.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(CityRuleSet.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(CityRuleSet.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(CityRuleSet.duration("1d")).isEqualTo(Duration.ofDays(1));
  }
}
