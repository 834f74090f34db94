package org.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schemas and the Java records must agree: what the records write validates
 * against the schema, and what the records refuse the schema refuses too.
 */
class JsonSchemaConformanceTest {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers ->
                      mappers.mapPrefix("https://cityops.org/schemas/", "classpath:schemas/")));
  private static final Instant T = Instant.parse("2019-02-06T21:15:00Z");

  private static Set<ValidationMessage> validate(String schema, Object value) {
    return validate(schema, EventJson.mapper().valueToTree(value));
  }

  private static Set<ValidationMessage> validate(String schema, JsonNode json) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonSchema jsonSchema =
        FACTORY.getSchema(SchemaLocation.of("https://cityops.org/schemas/" + schema), config);
    return jsonSchema.validate(json);
  }

  @Test
  void writtenRecordsConformToTheirSchemas() {
    GeoPoint p = new GeoPoint(-22.9, -43.2);
    assertThat(validate("reading.schema.json", Reading.rain("g1", T, p, 3.2))).isEmpty();
    assertThat(
            validate(
                "citizen-report.schema.json",
                new CitizenReport("r1", ReportCategory.FLOODING, T, p, "rua alagada", null, "p-9")))
        .isEmpty();
    assertThat(
            validate(
                "incident.schema.json",
                new Incident(
                    "i1",
                    IncidentType.HEAVY_RAIN,
                    new Area(p, 1000, null),
                    Severity.MODERATE,
                    IncidentStatus.ACTIVE_UNACK,
                    List.of(new Evidence("rain_1h_mm", "g1", T, 30, "mm")),
                    1,
                    T,
                    T,
                    null)))
        .isEmpty();
    assertThat(
            validate(
                "rejected.schema.json",
                new Rejected(
                    "mqtt:x",
                    RejectReason.MALFORMED,
                    "not JSON",
                    T,
                    3,
                    "a".repeat(64),
                    "abc",
                    false)))
        .isEmpty();
  }

  @Test
  void controlMessagesConformAndAnAssignmentWithoutAssigneeIsRefusedByBoth() {
    ControlMessage approve =
        new ControlMessage(
            "m1",
            "heavy_rain:g1:1",
            ControlMessage.Action.APPROVE_WARNING,
            "ana",
            ControlMessage.Role.SUPERVISOR,
            T,
            null,
            null);
    assertThat(validate("control-message.schema.json", approve)).isEmpty();
    assertThat(EventJson.readControl(EventJson.write(approve))).isEqualTo(approve);

    JsonNode assignNobody =
        EventJson.mapper()
            .valueToTree(
                new ControlMessage(
                    "m2",
                    "heavy_rain:g1:1",
                    ControlMessage.Action.ASSIGN,
                    "ana",
                    ControlMessage.Role.OPERATOR,
                    T,
                    null,
                    null));
    assertThat(validate("control-message.schema.json", assignNobody))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("assignee"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EventJson.readControl(EventJson.write(assignNobody)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("assignee");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EventJson.readControl(
                    "{\"messageId\":\"m3\",\"incidentId\":\"i\",\"action\":\"delete_everything\",\"actor\":\"x\",\"role\":\"operator\",\"at\":\"2019-02-06T21:15:00Z\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("action");
  }

  @Test
  void landslideRuleChangesConformAndBadOnesAreRefused() {
    RainRuleChange.LandslideLevels levels =
        new RainRuleChange.LandslideLevels(
            new RainRuleChange.Bounds(10.0, 50.0, 100.0),
            new RainRuleChange.Bounds(30.0, 100.0, 175.0),
            new RainRuleChange.Bounds(50.0, 175.0, 250.0));
    RainRuleChange landslide = RainRuleChange.landslide("landslide-risk", 2, T, "geo", T, levels);
    assertThat(validate("rain-rule-change.schema.json", landslide.validate())).isEmpty();
    assertThat(EventJson.readRainRuleChange(EventJson.write(landslide))).isEqualTo(landslide);
    assertThat(EventJson.writeString(landslide))
        .contains("\"detector\":\"landslide_risk\"")
        .contains("\"veryHigh\":{\"hourMm\":50.0,\"dayMm\":175.0,\"fourDaysMm\":250.0}");

    // without levels, with a heavy-rain threshold too, a bound missing: both refuse
    RainRuleChange noLevels = RainRuleChange.landslide("landslide-risk", 2, T, "geo", T, null);
    RainRuleChange mixed =
        new RainRuleChange(
            "landslide-risk",
            2,
            RainRuleChange.Detector.LANDSLIDE_RISK,
            T,
            "geo",
            T,
            5.0,
            null,
            null,
            null,
            null,
            levels);
    RainRuleChange partial =
        RainRuleChange.landslide(
            "landslide-risk",
            2,
            T,
            "geo",
            T,
            new RainRuleChange.LandslideLevels(
                new RainRuleChange.Bounds(10.0, null, 100.0), levels.high(), levels.veryHigh()));
    for (RainRuleChange bad : List.of(noLevels, mixed, partial)) {
      assertThat(validate("rain-rule-change.schema.json", bad)).as("%s", bad).isNotEmpty();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> EventJson.readRainRuleChange(EventJson.write(bad)))
          .isInstanceOf(ContractViolation.class);
    }
    assertThat(validate("rain-rule-change.schema.json", noLevels)).isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EventJson.readRainRuleChange(EventJson.write(partial)))
        .hasMessage("field 'landslide.medium.dayMm' is required");
    // levels must rise in every window: the record says so, naming the window
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.landslide(
                        "landslide-risk",
                        2,
                        T,
                        "geo",
                        T,
                        new RainRuleChange.LandslideLevels(
                            levels.medium(),
                            new RainRuleChange.Bounds(30.0, 40.0, 175.0),
                            levels.veryHigh()))
                    .validate())
        .hasMessage("field 'landslide.high.dayMm' must be above landslide.medium.dayMm");
    // and a heavy-rain rule may not carry landslide levels
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new RainRuleChange(
                        "heavy-rain",
                        2,
                        RainRuleChange.Detector.HEAVY_RAIN,
                        T,
                        "e",
                        T,
                        5.0,
                        25.0,
                        50.0,
                        null,
                        null,
                        levels)
                    .validate())
        .hasMessage("field 'landslide' is not a setting of this detector");
  }

  @Test
  void waterLevelAndUrbanFloodingRuleChangesConformAndBadOnesAreRefusedByBoth() {
    RainRuleChange.WaterLevels water =
        new RainRuleChange.WaterLevels(
            2.5,
            3.5,
            4.5,
            0.5,
            List.of(new RainRuleChange.StationStages("river-001", -1.0, 0.5, 1.2)));
    RainRuleChange waterRule = RainRuleChange.waterLevel("water-level", 2, T, "eng", T, water);
    RainRuleChange floodingRule =
        RainRuleChange.urbanFlooding(
            "urban-flooding", 3, T, "eng", T, new RainRuleChange.UrbanFlooding(4, 30.0));
    for (RainRuleChange good : List.of(waterRule, floodingRule)) {
      assertThat(validate("rain-rule-change.schema.json", good.validate())).isEmpty();
      assertThat(EventJson.readRainRuleChange(EventJson.write(good))).isEqualTo(good);
    }
    assertThat(EventJson.writeString(waterRule))
        .contains("\"detector\":\"water_level\"")
        .contains(
            "\"stations\":[{\"stationId\":\"river-001\",\"attentionM\":-1.0,\"alertM\":0.5,\"floodM\":1.2}]");
    assertThat(EventJson.writeString(floodingRule))
        .contains("\"flooding\":{\"minReporters\":4,\"strongRainMm\":30.0}");

    // refused by the schema and the record alike, each for the field named
    java.util.Map<RainRuleChange, String> bad = new java.util.LinkedHashMap<>();
    bad.put(
        RainRuleChange.waterLevel("water-level", 2, T, "eng", T, null),
        "field 'water' is required");
    bad.put(
        RainRuleChange.waterLevel(
            "water-level",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.WaterLevels(2.5, 3.5, 4.5, 0.0, List.of())),
        "field 'water.riseM' must be in [0.01, 100] m");
    bad.put(
        RainRuleChange.waterLevel(
            "water-level",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.WaterLevels(2.5, 3.5, 1e9, 0.5, List.of())),
        "field 'water.floodM' must be in [-100, 10000] m");
    bad.put(
        RainRuleChange.waterLevel(
            "water-level",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.WaterLevels(
                2.5,
                3.5,
                4.5,
                0.5,
                List.of(new RainRuleChange.StationStages("river-001", 1.0, null, 3.0)))),
        "field 'water.stations[0].alertM' is required");
    bad.put(
        RainRuleChange.urbanFlooding(
            "urban-flooding", 3, T, "eng", T, new RainRuleChange.UrbanFlooding(0, 30.0)),
        "field 'flooding.minReporters' must be in [1, 1000]");
    bad.put(
        RainRuleChange.urbanFlooding(
            "urban-flooding", 3, T, "eng", T, new RainRuleChange.UrbanFlooding(4, -1.0)),
        "field 'flooding.strongRainMm' must be in (0, 5000] mm");
    bad.put(
        new RainRuleChange(
            "urban-flooding",
            3,
            RainRuleChange.Detector.URBAN_FLOODING,
            T,
            "eng",
            T,
            null,
            null,
            null,
            40.0,
            null,
            null,
            null,
            new RainRuleChange.UrbanFlooding(4, 30.0),
            null,
            null,
            null,
            null),
        "field 'hourMm' is not a setting of this detector");
    bad.put(
        new RainRuleChange(
            "water-level",
            2,
            RainRuleChange.Detector.WATER_LEVEL,
            T,
            "eng",
            T,
            null,
            null,
            null,
            null,
            null,
            null,
            water,
            new RainRuleChange.UrbanFlooding(4, 30.0),
            null,
            null,
            null,
            null),
        "field 'flooding' is not a setting of this detector");
    bad.forEach(
        (change, message) -> {
          assertThat(validate("rain-rule-change.schema.json", change))
              .as("%s", change)
              .isNotEmpty();
          org.assertj.core.api.Assertions.assertThatThrownBy(
                  () -> EventJson.readRainRuleChange(EventJson.write(change)))
              .isInstanceOf(ContractViolation.class)
              .hasMessage(message);
        });
    // what a schema cannot say: stages that do not rise, a station named twice
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.waterLevel(
                        "water-level",
                        2,
                        T,
                        "eng",
                        T,
                        new RainRuleChange.WaterLevels(2.5, 2.5, 4.5, 0.5, List.of()))
                    .validate())
        .hasMessage("field 'water.alertM' must be above attentionM");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.waterLevel(
                        "water-level",
                        2,
                        T,
                        "eng",
                        T,
                        new RainRuleChange.WaterLevels(
                            2.5,
                            3.5,
                            4.5,
                            0.5,
                            List.of(water.stations().get(0), water.stations().get(0))))
                    .validate())
        .hasMessage("field 'water.stations[1].stationId' is named twice");
  }

  @Test
  void trafficRuleChangesConformAndBadOnesAreRefusedByBoth() {
    RainRuleChange.California california = new RainRuleChange.California(10.0, 0.4, 0.3, 35.0, 0.0);
    RainRuleChange.CongestionLevels levels = new RainRuleChange.CongestionLevels(0.8, 0.55, 0.3);
    RainRuleChange incidents =
        RainRuleChange.trafficIncident("traffic-incident", 2, T, "eng", T, california);
    RainRuleChange congestion = RainRuleChange.congestion("congestion", 2, T, "eng", T, levels);
    for (RainRuleChange good : List.of(incidents, congestion)) {
      assertThat(validate("rain-rule-change.schema.json", good.validate())).isEmpty();
      assertThat(EventJson.readRainRuleChange(EventJson.write(good))).isEqualTo(good);
    }
    assertThat(EventJson.writeString(incidents))
        .contains("\"detector\":\"traffic_incident\"")
        .contains(
            "\"california\":{\"occupancyDifference\":10.0,\"relativeDifference\":0.4,"
                + "\"downstreamDrop\":0.3,\"compressionWave\":35.0,\"speedDrop\":0.0}");
    assertThat(EventJson.writeString(congestion))
        .contains("\"detector\":\"congestion\"")
        .contains(
            "\"congestion\":{\"slowBelow\":0.8,\"congestedBelow\":0.55,\"standstillBelow\":0.3}");

    java.util.Map<RainRuleChange, String> bad = new java.util.LinkedHashMap<>();
    bad.put(
        RainRuleChange.trafficIncident("traffic-incident", 2, T, "eng", T, null),
        "field 'california' is required");
    bad.put(
        RainRuleChange.trafficIncident(
            "traffic-incident",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.California(0.0, 0.4, 0.3, 35.0, 0.0)),
        "field 'california.occupancyDifference' must be in [0.1, 100.0]");
    bad.put(
        RainRuleChange.trafficIncident(
            "traffic-incident",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.California(10.0, 0.4, 1.5, 35.0, 0.0)),
        "field 'california.downstreamDrop' must be in [0.01, 1.0]");
    bad.put(
        RainRuleChange.trafficIncident(
            "traffic-incident",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.California(10.0, 0.4, 0.3, 35.0, null)),
        "field 'california.speedDrop' is required");
    bad.put(
        RainRuleChange.congestion(
            "congestion", 2, T, "eng", T, new RainRuleChange.CongestionLevels(0.8, 0.55, 0.0)),
        "field 'congestion.standstillBelow' must be in [0.01, 1.0]");
    bad.put(
        new RainRuleChange(
            "congestion",
            2,
            RainRuleChange.Detector.CONGESTION,
            T,
            "eng",
            T,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            california,
            levels,
            null,
            null),
        "field 'california' is not a setting of this detector");
    bad.put(
        new RainRuleChange(
            "heavy-rain",
            2,
            RainRuleChange.Detector.HEAVY_RAIN,
            T,
            "eng",
            T,
            5.0,
            25.0,
            50.0,
            null,
            null,
            null,
            null,
            null,
            null,
            levels,
            null,
            null),
        "field 'congestion' is not a setting of this detector");
    bad.forEach(
        (change, message) -> {
          assertThat(validate("rain-rule-change.schema.json", change))
              .as("%s", change)
              .isNotEmpty();
          org.assertj.core.api.Assertions.assertThatThrownBy(
                  () -> EventJson.readRainRuleChange(EventJson.write(change)))
              .isInstanceOf(ContractViolation.class)
              .hasMessage(message);
        });
    // what a schema cannot say: levels that do not fall from slow to standstill
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.congestion(
                        "congestion",
                        2,
                        T,
                        "eng",
                        T,
                        new RainRuleChange.CongestionLevels(0.5, 0.55, 0.3))
                    .validate())
        .hasMessage("field 'congestion.congestedBelow' must be below slowBelow");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.congestion(
                        "congestion",
                        2,
                        T,
                        "eng",
                        T,
                        new RainRuleChange.CongestionLevels(0.8, 0.3, 0.3))
                    .validate())
        .hasMessage("field 'congestion.standstillBelow' must be below congestedBelow");
  }

  @Test
  void accidentReportsRuleChangesConformAndBadOnesAreRefusedByBoth() {
    RainRuleChange good =
        RainRuleChange.accidentReports(
            "accidents", 2, T, "eng", T, new RainRuleChange.AccidentReports(3));
    assertThat(validate("rain-rule-change.schema.json", good.validate())).isEmpty();
    assertThat(EventJson.readRainRuleChange(EventJson.write(good))).isEqualTo(good);
    assertThat(EventJson.writeString(good))
        .contains("\"detector\":\"accident_reports\"")
        .contains("\"accidents\":{\"minReporters\":3}");
    java.util.Map<RainRuleChange, String> bad = new java.util.LinkedHashMap<>();
    bad.put(
        RainRuleChange.accidentReports("accidents", 2, T, "eng", T, null),
        "field 'accidents' is required");
    bad.put(
        RainRuleChange.accidentReports(
            "accidents", 2, T, "eng", T, new RainRuleChange.AccidentReports(0)),
        "field 'accidents.minReporters' must be in [1, 100]");
    bad.put(
        RainRuleChange.accidentReports(
            "accidents", 2, T, "eng", T, new RainRuleChange.AccidentReports(null)),
        "field 'accidents.minReporters' is required");
    bad.forEach(
        (change, message) -> {
          assertThat(validate("rain-rule-change.schema.json", change))
              .as("%s", change)
              .isNotEmpty();
          org.assertj.core.api.Assertions.assertThatThrownBy(
                  () -> EventJson.readRainRuleChange(EventJson.write(change)))
              .isInstanceOf(ContractViolation.class)
              .hasMessage(message);
        });
  }

  @Test
  void diseaseHotspotRuleChangesConformAndBadOnesAreRefusedByBoth() {
    RainRuleChange.DiseaseLevels rio = new RainRuleChange.DiseaseLevels(22.0, 14.0, 100.0, 0.95, 5);
    RainRuleChange good = RainRuleChange.diseaseHotspot("dengue", 2, T, "eng", T, rio);
    assertThat(validate("rain-rule-change.schema.json", good.validate())).isEmpty();
    assertThat(EventJson.readRainRuleChange(EventJson.write(good))).isEqualTo(good);
    assertThat(EventJson.writeString(good))
        .contains("\"detector\":\"disease_hotspot\"")
        .contains(
            "\"levels\":{\"warmAboveC\":22.0,\"preEpidemicPer100k\":14.0,"
                + "\"epidemicPer100k\":100.0,\"growthProbability\":0.95,\"minCasesRed\":5}");

    java.util.Map<RainRuleChange, String> bad = new java.util.LinkedHashMap<>();
    bad.put(
        RainRuleChange.diseaseHotspot("dengue", 2, T, "eng", T, null),
        "field 'levels' is required");
    bad.put(
        RainRuleChange.diseaseHotspot(
            "dengue", 2, T, "eng", T, new RainRuleChange.DiseaseLevels(60.0, 14.0, 100.0, 0.95, 5)),
        "field 'levels.warmAboveC' must be in [-10.0, 40.0]");
    bad.put(
        RainRuleChange.diseaseHotspot(
            "dengue", 2, T, "eng", T, new RainRuleChange.DiseaseLevels(22.0, 14.0, 100.0, 0.3, 5)),
        "field 'levels.growthProbability' must be in [0.5, 0.9999]");
    bad.put(
        RainRuleChange.diseaseHotspot(
            "dengue",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.DiseaseLevels(22.0, 14.0, 100.0, 0.95, null)),
        "field 'levels.minCasesRed' is required");
    bad.put(
        RainRuleChange.diseaseHotspot(
            "dengue",
            2,
            T,
            "eng",
            T,
            new RainRuleChange.DiseaseLevels(22.0, 14.0, 100.0, 0.95, -1)),
        "field 'levels.minCasesRed' must be in [0, 1000]");
    bad.put(
        new RainRuleChange(
            "congestion",
            2,
            RainRuleChange.Detector.CONGESTION,
            T,
            "eng",
            T,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new RainRuleChange.CongestionLevels(0.8, 0.55, 0.3),
            rio,
            null),
        "field 'levels' is not a setting of this detector");
    bad.forEach(
        (change, message) -> {
          assertThat(validate("rain-rule-change.schema.json", change))
              .as("%s", change)
              .isNotEmpty();
          org.assertj.core.api.Assertions.assertThatThrownBy(
                  () -> EventJson.readRainRuleChange(EventJson.write(change)))
              .isInstanceOf(ContractViolation.class)
              .hasMessage(message);
        });
    // what a schema cannot say: an epidemic below the pre-epidemic threshold
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RainRuleChange.diseaseHotspot(
                        "dengue",
                        2,
                        T,
                        "eng",
                        T,
                        new RainRuleChange.DiseaseLevels(22.0, 100.0, 14.0, 0.95, 5))
                    .validate())
        .hasMessage("field 'levels.epidemicPer100k' must be above preEpidemicPer100k");
  }

  @Test
  void rainRuleChangesConformAndBadOnesAreRefusedByBoth() {
    RainRuleChange heavy =
        new RainRuleChange(
            "heavy-rain",
            4,
            RainRuleChange.Detector.HEAVY_RAIN,
            T,
            "engineer",
            T,
            6.0,
            20.0,
            45.0,
            null,
            null);
    assertThat(validate("rain-rule-change.schema.json", heavy)).isEmpty();
    assertThat(EventJson.readRainRuleChange(EventJson.write(heavy))).isEqualTo(heavy);
    RainRuleChange siren =
        new RainRuleChange(
            "siren-level",
            2,
            RainRuleChange.Detector.SIREN_LEVEL,
            T,
            "engineer",
            T,
            null,
            null,
            null,
            35.0,
            110.0);
    assertThat(validate("rain-rule-change.schema.json", siren)).isEmpty();
    assertThat(EventJson.readRainRuleChange(EventJson.write(siren))).isEqualTo(siren);

    // a siren threshold on a heavy-rain rule, classes that do not rise, version 0: both refuse
    for (RainRuleChange bad :
        List.of(
            new RainRuleChange(
                "heavy-rain",
                4,
                RainRuleChange.Detector.HEAVY_RAIN,
                T,
                "e",
                T,
                6.0,
                20.0,
                45.0,
                40.0,
                null),
            new RainRuleChange(
                "heavy-rain",
                0,
                RainRuleChange.Detector.HEAVY_RAIN,
                T,
                "e",
                T,
                6.0,
                20.0,
                45.0,
                null,
                null),
            new RainRuleChange(
                "siren-level",
                1,
                RainRuleChange.Detector.SIREN_LEVEL,
                T,
                "e",
                T,
                null,
                null,
                null,
                -1.0,
                100.0))) {
      assertThat(validate("rain-rule-change.schema.json", bad)).as("%s", bad).isNotEmpty();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> EventJson.readRainRuleChange(EventJson.write(bad)))
          .isInstanceOf(ContractViolation.class);
    }
    // classes must rise: the record says so (a schema cannot compare two fields)
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EventJson.readRainRuleChange(
                    EventJson.write(
                        new RainRuleChange(
                            "heavy-rain",
                            4,
                            RainRuleChange.Detector.HEAVY_RAIN,
                            T,
                            "e",
                            T,
                            6.0,
                            5.0,
                            45.0,
                            null,
                            null))))
        .hasMessageContaining("strongMm");
  }

  @Test
  void caseNotificationsConformAndBadOnesAreRefusedByBoth() {
    CaseNotification one =
        CaseNotification.suspected(
            "n-1", Disease.DENGUE, java.time.LocalDate.parse("2024-03-01"), T, "24");
    assertThat(validate("case-notification.schema.json", one)).isEmpty();
    assertThat(EventJson.readCase(EventJson.write(one))).isEqualTo(one);
    // cases left out count one
    byte[] plain =
        ("{\"notificationId\":\"n-2\",\"disease\":\"zika\",\"status\":\"confirmed\","
                + "\"symptomsOnset\":\"2024-03-01\",\"notifiedAt\":\"2024-03-04T12:00:00Z\","
                + "\"location\":{\"lat\":-22.97,\"lon\":-43.18}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(EventJson.readCase(plain).cases()).isEqualTo(1);
    assertThat(
            validate(
                "case-notification.schema.json",
                EventJson.mapper().valueToTree(EventJson.readCase(plain))))
        .isEmpty();

    record Bad(String json, String field) {}
    String head =
        "{\"notificationId\":\"n-3\",\"disease\":\"dengue\",\"status\":\"suspected\","
            + "\"symptomsOnset\":\"2024-03-01\",\"notifiedAt\":\"2024-03-04T12:00:00Z\"";
    for (Bad bad :
        List.of(
            new Bad(head + ",\"neighbourhood\":\"24\",\"cases\":-3}", "cases"),
            new Bad(head + ",\"neighbourhood\":\"24\",\"cases\":0}", "cases"),
            new Bad(head + ",\"neighbourhood\":\"24\",\"cases\":100000}", "cases"),
            new Bad(head + "}", "neighbourhood"),
            new Bad(head.replace("dengue", "malaria") + ",\"neighbourhood\":\"24\"}", "disease"),
            new Bad(
                head.replace("2024-03-01", "2024-02-30") + ",\"neighbourhood\":\"24\"}",
                "symptomsOnset"))) {
      JsonNode tree;
      try {
        tree = EventJson.mapper().readTree(bad.json());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(validate("case-notification.schema.json", tree)).as(bad.json()).isNotEmpty();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  EventJson.readCase(bad.json().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .as(bad.json())
          .isInstanceOf(ContractViolation.class)
          .hasMessageContaining(bad.field());
    }
  }

  @Test
  void aHotspotWithItsOutlineConformsAndAnOpenRingIsRefused() {
    GeoPoint a = new GeoPoint(-22.96, -43.19);
    GeoPoint b = new GeoPoint(-22.96, -43.17);
    GeoPoint c = new GeoPoint(-22.98, -43.17);
    Incident hotspot =
        new Incident(
            "disease_hotspot:dengue:24",
            IncidentType.DISEASE_HOTSPOT,
            new Area(b, 2500, "Copacabana, Leme", List.of(new Area.Ring(List.of(a, b, c, a)))),
            Severity.MODERATE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(new Evidence("incidence_per_100k", "24", T, 35.2, "1/100k")),
            1,
            T,
            T,
            null);
    assertThat(validate("incident.schema.json", hotspot)).isEmpty();
    assertThat(EventJson.readIncident(EventJson.write(hotspot))).isEqualTo(hotspot);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Area(b, 2500, null, List.of(new Area.Ring(List.of(a, b, c, b))))
                    .validate("area"))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("area.outline[0]")
        .hasMessageContaining("closed");
  }

  @Test
  void warningsSubscriptionsAndNotificationsConform() {
    CapAlert alert =
        new CapAlert(
            "heavy_rain:g1:1:v1",
            "cor.rio",
            "2019-02-06T19:15:00-02:00",
            CapAlert.Status.Actual,
            CapAlert.MsgType.Alert,
            CapAlert.Scope.Public,
            List.of(),
            "heavy_rain:g1:1",
            1,
            IncidentType.HEAVY_RAIN,
            List.of(
                new CapAlert.Info(
                    "pt-BR",
                    List.of(CapAlert.Category.Met),
                    "Chuva forte",
                    List.of(CapAlert.ResponseType.Prepare),
                    CapAlert.Urgency.Expected,
                    Severity.MODERATE,
                    CapAlert.Certainty.Observed,
                    "2019-02-06T19:15:00-02:00",
                    null,
                    "COR",
                    "Chuva forte",
                    "rain_1h_mm 30.0 mm",
                    "Evite deslocamentos.",
                    List.of(
                        new CapAlert.Area(
                            "Barra", List.of(), List.of("-23.00800,-43.29900 2.000"))))));
    assertThat(validate("cap-alert.schema.json", alert.validate())).isEmpty();
    Subscription subscription =
        new Subscription(
            "maria",
            List.of(new Subscription.Place("home", new GeoPoint(-23.0, -43.3), 300)),
            List.of(IncidentType.LANDSLIDE_RISK),
            true,
            T);
    assertThat(validate("subscription.schema.json", subscription.validate())).isEmpty();
    assertThat(EventJson.readSubscription(EventJson.write(subscription))).isEqualTo(subscription);
    List<GeoPoint> ring =
        List.of(
            new GeoPoint(-22.92, -43.23),
            new GeoPoint(-22.92, -43.21),
            new GeoPoint(-22.94, -43.21),
            new GeoPoint(-22.92, -43.23));
    Subscription neighbourhood =
        new Subscription(
            "maria",
            List.of(
                new Subscription.Place(
                    "Tijuca", new GeoPoint(-22.927, -43.217), 1_800, "Tijuca", ring)),
            List.of(),
            true,
            T);
    assertThat(validate("subscription.schema.json", neighbourhood.validate())).isEmpty();
    assertThat(EventJson.readSubscription(EventJson.write(neighbourhood))).isEqualTo(neighbourhood);
    Subscription open =
        new Subscription(
            "maria",
            List.of(
                new Subscription.Place(
                    "Tijuca", new GeoPoint(-22.927, -43.217), 1_800, "Tijuca", ring.subList(0, 3))),
            List.of(),
            true,
            T);
    org.assertj.core.api.Assertions.assertThatThrownBy(open::validate)
        .hasMessageContaining("outline");
    Notification notification =
        new Notification(
            "maria",
            alert.identifier(),
            alert.incidentId(),
            1,
            CapAlert.MsgType.Alert,
            Severity.MODERATE,
            "Chuva forte",
            "Evite deslocamentos.",
            alert.sent(),
            "Barra",
            "home");
    assertThat(validate("notification.schema.json", notification)).isEmpty();
    assertThat(
            validate(
                "notification-digest.schema.json",
                new NotificationDigest(
                    "maria",
                    "digest:maria:1549447200",
                    T,
                    NotificationDigest.QUIET_HOURS,
                    List.of(notification))))
        .isEmpty();
    Subscription paced =
        new Subscription(
            "maria",
            subscription.places(),
            List.of(),
            true,
            T,
            new Subscription.Pacing(3, "22:00", "07:00", "America/Sao_Paulo"));
    assertThat(validate("subscription.schema.json", paced.validate())).isEmpty();
    assertThat(EventJson.readSubscription(EventJson.write(paced))).isEqualTo(paced);
    for (Subscription.Pacing bad :
        List.of(
            new Subscription.Pacing(0, null, null, null),
            new Subscription.Pacing(null, "22:00", null, "America/Sao_Paulo"),
            new Subscription.Pacing(null, "25:00", "07:00", "America/Sao_Paulo"),
            new Subscription.Pacing(null, "22:00", "07:00", "Mars/Olympus"))) {
      Subscription refused =
          new Subscription("maria", subscription.places(), List.of(), true, T, bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(refused::validate)
          .as("%s", bad)
          .hasMessageContaining("pacing.");
      // the schema refuses the same, except an unknown zone id, which only the record knows
      if (!"Mars/Olympus".equals(bad.timeZone())) {
        assertThat(validate("subscription.schema.json", refused)).as("%s", bad).isNotEmpty();
      }
    }

    JsonNode zulu = EventJson.mapper().valueToTree(alert);
    ((com.fasterxml.jackson.databind.node.ObjectNode) zulu).put("sent", "2019-02-06T21:15:00Z");
    assertThat(validate("cap-alert.schema.json", zulu))
        .extracting(ValidationMessage::getInstanceLocation)
        .anyMatch(l -> l.toString().contains("sent"));
    JsonNode nowhere =
        EventJson.mapper().valueToTree(new Subscription("maria", List.of(), List.of(), false, T));
    ((com.fasterxml.jackson.databind.node.ObjectNode) nowhere).put("active", true);
    assertThat(validate("subscription.schema.json", nowhere)).isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EventJson.readSubscription(EventJson.write(nowhere)))
        .hasMessageContaining("places");
  }

  @Test
  void schemaRefusesWhatTheRecordsRefuse() {
    JsonNode noRain =
        EventJson.mapper()
            .createObjectNode()
            .put("sensorId", "g1")
            .put("kind", "rain_gauge")
            .put("time", "2019-02-06T21:15:00Z")
            .set(
                "location",
                EventJson.mapper().createObjectNode().put("lat", -22.9).put("lon", -43.2));
    assertThat(validate("reading.schema.json", noRain))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("rainMm"));

    JsonNode badLat = noRain.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badLat).put("rainMm", 1.0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) badLat.get("location")).put("lat", 95);
    assertThat(validate("reading.schema.json", badLat))
        .extracting(ValidationMessage::getInstanceLocation)
        .anyMatch(l -> l.toString().contains("lat"));
  }
}
