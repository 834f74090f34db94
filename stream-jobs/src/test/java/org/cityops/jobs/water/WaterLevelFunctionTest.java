package org.cityops.jobs.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Quality;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.events.Severity;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaterLevelFunctionTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  private static final GeoPoint MARACANA = new GeoPoint(-22.912, -43.230);

  private KeyedBroadcastOperatorTestHarness<String, Reading, RainRuleChange, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    // defaults: attention 2.5 m, alert 3.5 m, flood 4.5 m; 0.5 m within 1 h is fast
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new WaterLevelFunction(WaterConfig.from(new Settings(Map.of()))),
            Reading::sensorId,
            Types.STRING,
            RuleVersions.RULES);
  }

  /** Event time reaches {@code t} on both inputs. */
  private void watermark(long t) throws Exception {
    harness.processWatermark(t);
    harness.processBroadcastWatermark(t);
  }

  private long keyedStateEntries() {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  private void level(long minute, Double metres) throws Exception {
    Reading r =
        new Reading(
            "rio-maracana",
            SensorKind.WATER_LEVEL,
            minutes(minute),
            MARACANA,
            null,
            metres,
            null,
            null,
            null,
            null,
            null,
            null,
            metres == null ? Quality.MISSING : Quality.OK);
    harness.processElement(r, r.time().toEpochMilli());
    watermark(r.time().toEpochMilli());
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  @Test
  void aSteadyLowRiverRaisesNothingAndLeavesNoStateOnceTheWindowPasses() throws Exception {
    level(0, 1.2);
    level(15, 1.3);
    level(30, 1.25);
    assertThat(incidents()).isEmpty();
    watermark(minutes(30 + 60).toEpochMilli());
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void stagesMakeTheSeverityRisingAtOnceAndClearingAfterTheHold() throws Exception {
    level(0, 2.4);
    level(15, 2.6); // attention: Minor
    level(30, 3.6); // alert: Severe, at once (and a 1.2 m rise)
    level(45, 4.6); // flood: Extreme
    level(60, 3.0); // attention again: the downgrade hold starts
    level(90, 3.0); // 30 min: Minor
    level(105, 1.5); // normal: the clear hold starts
    level(165, 1.5); // 60 min normal: cleared
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity, Incident::status, Incident::updatedAt)
        .containsExactly(
            tuple(1L, Severity.MINOR, IncidentStatus.ACTIVE_UNACK, minutes(15)),
            tuple(2L, Severity.SEVERE, IncidentStatus.ACTIVE_UNACK, minutes(30)),
            tuple(3L, Severity.EXTREME, IncidentStatus.ACTIVE_UNACK, minutes(45)),
            tuple(4L, Severity.MINOR, IncidentStatus.ACTIVE_UNACK, minutes(90)),
            tuple(5L, Severity.MINOR, IncidentStatus.CLEARED_UNACK, minutes(165)));
    Incident first = incidents().get(0);
    assertThat(first.incidentId())
        .isEqualTo("flood_risk:rio-maracana:" + minutes(15).getEpochSecond());
    assertThat(first.type()).isEqualTo(IncidentType.FLOOD_RISK);
    assertThat(first.evidence())
        .extracting(e -> e.signal(), e -> e.value())
        .containsExactly(
            tuple("water_level_m", 2.6),
            tuple("rise_m", 0.2),
            tuple("stage_alert_m", 3.5),
            tuple("rule_version", 0.0));
    assertThat(RuleVersions.judgedBy(first)).contains("water-level v0");
    first.validate();
    watermark(minutes(165 + 60).toEpochMilli());
    assertThat(keyedStateEntries()).isZero();
  }

  private static RainRuleChange waterRule(
      long version, long fromMinute, double attention, double rise, String station) {
    return RainRuleChange.waterLevel(
        "water-level",
        version,
        minutes(fromMinute),
        "eng",
        T0.minusSeconds(3600),
        new RainRuleChange.WaterLevels(
            attention,
            attention + 1,
            attention + 2,
            rise,
            station == null
                ? List.of()
                : List.of(new RainRuleChange.StationStages(station, 0.5, 1.0, 1.5))));
  }

  @Test
  void aRulePushedAtRunTimeJudgesFromItsEffectiveTimeWithItsOwnStationStages() throws Exception {
    // from minute 30: this station's own stages (attention 0.5 m, alert 1.0 m, flood 1.5 m)
    RainRuleChange v1 = waterRule(1, 30, 2.5, 0.5, "rio-maracana");
    harness.processBroadcastElement(v1, 0);
    // from minute 60: the defaults for every station; a rise must be 2 m to be fast
    RainRuleChange v2 = waterRule(2, 60, 2.0, 2.0, null);
    harness.processBroadcastElement(v2, 0);
    harness.processBroadcastElement(v1, 0); // delivered again: nothing changes
    level(0, 1.1); // the starting rule (attention 2.5 m): normal
    level(15, 1.1);
    assertThat(incidents()).isEmpty();
    level(30, 1.1); // under v1, above this station's alert: Severe
    level(60, 1.8); // under v2 (defaults, attention 2.0 m): a 0.7 m rise is not fast; normal
    assertThat(incidents())
        .extracting(
            Incident::version, Incident::severity, i -> RuleVersions.judgedBy(i).orElseThrow())
        .containsExactly(tuple(1L, Severity.SEVERE, "water-level v1"));
    level(90, 1.8); // normal for 30 min: not yet cleared (the clear hold is 60 min)
    level(120, 2.1); // Minor under v2 (attention 2.0 m) ...
    level(150, 2.1); // ... for the downgrade hold (30 min): lowered
    assertThat(incidents())
        .extracting(
            Incident::version, Incident::severity, i -> RuleVersions.judgedBy(i).orElseThrow())
        .containsExactly(
            tuple(1L, Severity.SEVERE, "water-level v1"),
            tuple(2L, Severity.MINOR, "water-level v2"));
    assertThat(incidents().get(1).evidence())
        .extracting(e -> e.signal(), e -> e.value())
        .contains(tuple("stage_alert_m", 3.0));
    // v1 still judges readings between minutes 30 and 60 (a late one, a replay): both are kept
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries())
        .extracting(e -> e.getValue().version())
        .containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void aFastRiseBelowEveryStageIsModerate() throws Exception {
    level(0, 0.8);
    level(15, 1.0);
    level(30, 1.35); // 0.55 m above the lowest of the last hour
    assertThat(incidents())
        .extracting(Incident::severity, i -> i.evidence().get(1).value())
        .containsExactly(tuple(Severity.MODERATE, 0.55));
  }

  @Test
  void duplicatesLateReadingsAndMissingValuesChangeNothing() throws Exception {
    level(0, 2.6);
    level(0, 4.9); // same time again: ignored
    level(30, 2.6);
    level(15, 4.9); // older than the last judged: ignored
    level(45, null); // a missing value
    assertThat(incidents()).extracting(Incident::severity).containsExactly(Severity.MINOR);
  }

  @Test
  void aSilentStationKeepsItsIncidentOpen() throws Exception {
    level(0, 3.6);
    watermark(minutes(24 * 60).toEpochMilli());
    assertThat(incidents()).hasSize(1);
    assertThat(keyedStateEntries()).isPositive();
    level(24 * 60 + 15, 1.0);
    level(24 * 60 + 75, 1.0);
    assertThat(incidents())
        .last()
        .extracting(Incident::status)
        .isEqualTo(IncidentStatus.CLEARED_UNACK);
  }

  @Test
  void perStationStagesComeFromAFileAndBadFilesAreRefused(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("stations.json");
    Files.writeString(
        good,
        "{\"stations\":[{\"id\":\"rio-maracana\",\"attentionM\":1.0,\"alertM\":1.5,\"floodM\":2.0}]}");
    WaterConfig config =
        WaterConfig.from(new Settings(Map.of("water.stations-file", good.toString())));
    assertThat(config.stagesOf("rio-maracana").classify(1.6)).isEqualTo(Severity.SEVERE);
    assertThat(config.stagesOf("another").classify(1.6)).isNull();

    Path falling = dir.resolve("falling.json");
    Files.writeString(
        falling, "{\"stations\":[{\"id\":\"a\",\"attentionM\":3,\"alertM\":2,\"floodM\":4}]}");
    assertThatThrownBy(
            () -> WaterConfig.from(new Settings(Map.of("water.stations-file", falling.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("station 0 (a)")
        .hasMessageContaining("stages must rise");
    Path twice = dir.resolve("twice.json");
    Files.writeString(
        twice,
        "{\"stations\":[{\"id\":\"a\",\"attentionM\":1,\"alertM\":2,\"floodM\":3},"
            + "{\"id\":\"a\",\"attentionM\":1,\"alertM\":2,\"floodM\":3}]}");
    assertThatThrownBy(
            () -> WaterConfig.from(new Settings(Map.of("water.stations-file", twice.toString()))))
        .hasMessageContaining("station 'a' twice");
    Path text = dir.resolve("text.json");
    Files.writeString(
        text, "{\"stations\":[{\"id\":\"a\",\"attentionM\":\"high\",\"alertM\":2,\"floodM\":3}]}");
    assertThatThrownBy(
            () -> WaterConfig.from(new Settings(Map.of("water.stations-file", text.toString()))))
        .hasMessageContaining("'attentionM' must be a number");
    assertThatThrownBy(
            () ->
                WaterConfig.from(
                    new Settings(Map.of("water.stations-file", dir.resolve("none").toString()))))
        .hasMessageContaining("cannot read");
  }
}
