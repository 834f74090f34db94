package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.AREAS;
import static org.cityops.jobs.health.HealthFixtures.id;
import static org.cityops.jobs.health.methods.AlertLevels.Level.GREEN;
import static org.cityops.jobs.health.methods.AlertLevels.Level.ORANGE;
import static org.cityops.jobs.health.methods.AlertLevels.Level.RED;
import static org.cityops.jobs.health.methods.AlertLevels.Level.YELLOW;

import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Disease;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.health.methods.AlertLevels;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neighbourhoods in alarm on Rio's map become hotspots that grow, merge, confirm and clear. */
class HotspotFunctionTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-09");
  private KeyedBroadcastOperatorTestHarness<String, HotspotSignal, RainRuleChange, Incident>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new HotspotFunction(HealthFixtures.CONFIG, AREAS.adjacency()),
            HotspotSignal::disease,
            Types.STRING,
            RuleVersions.RULES);
    // the rule input is idle in the job: event time is the alarms' and scans'
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void alarm(String name, AlertLevels.Level level, LocalDate ears, int day)
      throws Exception {
    alarm(name, level, ears, day, 0.5);
  }

  private void alarm(String name, AlertLevels.Level level, LocalDate ears, int day, double growth)
      throws Exception {
    NeighbourhoodAlarm a =
        new NeighbourhoodAlarm(
            id(name),
            Disease.DENGUE,
            level,
            DAY.minusDays(6).toEpochDay(),
            40,
            45.5,
            growth,
            ears == null ? null : ears.toEpochDay(),
            DAY.plusDays(day).toEpochDay());
    harness.processElement(HotspotSignal.of(a), HealthFixtures.tickAfter(DAY.plusDays(day)));
  }

  private void scan(int day, List<String> cluster) throws Exception {
    ScanResult s =
        new ScanResult(
            Disease.DENGUE,
            DAY.plusDays(day).toEpochDay(),
            900,
            999,
            cluster.isEmpty() ? 0.4 : 0.002,
            cluster.isEmpty()
                ? List.of()
                : List.of(
                    new ScanResult.Cluster(
                        cluster.stream().map(HealthFixtures::id).toList(),
                        5,
                        60,
                        21.3,
                        24.1,
                        0.002)));
    harness.processElement(HotspotSignal.of(s), HealthFixtures.tickAfter(DAY.plusDays(day)));
  }

  private void endOfDay(int day) throws Exception {
    harness.processWatermark(HealthFixtures.tickAfter(DAY.plusDays(day)));
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  @Test
  void touchingNeighbourhoodsInAlarmAreOneHotspotThatGrowsAndClears() throws Exception {
    alarm("Copacabana", ORANGE, null, 0);
    alarm("Leme", ORANGE, null, 0);
    alarm("Campo Grande", RED, null, 0);
    alarm("Botafogo", YELLOW, null, 0);
    endOfDay(0);
    assertThat(incidents()).hasSize(2);
    Incident zonaSul =
        incidents().stream()
            .filter(i -> i.area().zone().contains("Copacabana"))
            .findFirst()
            .orElseThrow();
    Incident campoGrande =
        incidents().stream()
            .filter(i -> i.area().zone().equals("Campo Grande"))
            .findFirst()
            .orElseThrow();
    zonaSul.validate();
    assertThat(zonaSul.area().zone()).isEqualTo("Copacabana, Leme");
    assertThat(zonaSul.severity()).isEqualTo(Severity.MODERATE);
    assertThat(zonaSul.area().outline()).isNotEmpty();
    assertThat(zonaSul.evidence())
        .extracting(Evidence::signal)
        .contains("alert_level", "incidence_per_100k", "cases_week")
        .doesNotContain("scan_p_value");
    assertThat(campoGrande.severity()).as("red is Severe").isEqualTo(Severity.SEVERE);

    // Ipanema joins Copacabana's hotspot: the same incident, a new version
    alarm("Ipanema", ORANGE, null, 1);
    endOfDay(1);
    Incident grown = incidents().get(2);
    assertThat(grown.incidentId()).isEqualTo(zonaSul.incidentId());
    assertThat(grown.version()).isEqualTo(2);
    assertThat(grown.area().zone()).isEqualTo("Copacabana, Ipanema, Leme");

    // nothing changed: nothing sent
    alarm("Ipanema", ORANGE, null, 2);
    endOfDay(2);
    assertThat(incidents()).hasSize(3);

    for (String n : List.of("Copacabana", "Leme", "Ipanema", "Campo Grande", "Botafogo")) {
      alarm(n, GREEN, null, 3);
    }
    endOfDay(3);
    assertThat(incidents().subList(3, 5))
        .extracting(Incident::incidentId, Incident::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(zonaSul.incidentId(), IncidentStatus.CLEARED_UNACK),
            org.assertj.core.groups.Tuple.tuple(
                campoGrande.incidentId(), IncidentStatus.CLEARED_UNACK));
    assertThat(
            ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
                    harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries())
        .as("all quiet, nothing kept")
        .isZero();
  }

  @Test
  void aVersionPushedAtRunTimeJudgesGrowthFromItsEffectiveDayOn() throws Exception {
    // from the end of day 1, P(Rt > 1) above 0.7 is growth (was 0.95)
    harness.processBroadcastElement(
        RainRuleChange.diseaseHotspot(
            "dengue-levels",
            2,
            java.time.Instant.ofEpochMilli(HealthFixtures.tickAfter(DAY.plusDays(1))),
            "eng",
            java.time.Instant.ofEpochMilli(HealthFixtures.tickAfter(DAY)),
            new RainRuleChange.DiseaseLevels(22.0, 8.28, 21.6, 0.7, 5)),
        0);
    // Botafogo in a significant cluster, P(Rt > 1) 0.8, no EARS alarm: growing only under v2
    alarm("Botafogo", YELLOW, null, 0, 0.8);
    scan(0, List.of("Botafogo"));
    endOfDay(0);
    assertThat(incidents()).as("not growing under the starting rule").isEmpty();
    scan(1, List.of("Botafogo"));
    endOfDay(1);
    assertThat(incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.area().zone()).isEqualTo("Botafogo");
              assertThat(RuleVersions.judgedBy(i)).contains("dengue-levels v2");
              i.validate();
            });
  }

  @Test
  void anEarsAlarmMakesAHotspotOnlyWhenTheScanConfirmsIt() throws Exception {
    alarm("Botafogo", YELLOW, DAY, 0);
    scan(0, List.of());
    endOfDay(0);
    assertThat(incidents()).as("EARS alone is not enough").isEmpty();

    alarm("Botafogo", YELLOW, DAY.plusDays(1), 1);
    scan(1, List.of("Botafogo", "Humaitá"));
    endOfDay(1);
    Incident confirmed = incidents().get(0);
    assertThat(confirmed.area().zone()).isEqualTo("Botafogo");
    assertThat(confirmed.evidence())
        .filteredOn(e -> e.signal().equals("scan_p_value"))
        .singleElement()
        .extracting(Evidence::value)
        .isEqualTo(0.002);
    assertThat(confirmed.evidence())
        .extracting(Evidence::signal)
        .contains("ears_alarm", "scan_observed", "scan_expected", "scan_llr");

    // the scan no longer finds the cluster: the hotspot clears
    scan(2, List.of());
    endOfDay(2);
    assertThat(incidents()).hasSize(2);
    assertThat(incidents().get(1).status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void twoHotspotsThatGrowTogetherKeepTheOlderOnesId() throws Exception {
    assertThat(AREAS.adjacency().neighbours(id("Urca"))).doesNotContain(id("Humaitá"));
    assertThat(AREAS.adjacency().neighbours(id("Botafogo"))).contains(id("Urca"), id("Humaitá"));
    alarm("Urca", ORANGE, null, 0);
    endOfDay(0);
    alarm("Humaitá", ORANGE, null, 1);
    endOfDay(1);
    assertThat(incidents()).hasSize(2);
    String older = incidents().get(0).incidentId();
    String younger = incidents().get(1).incidentId();
    // Botafogo touches both: one hotspot, the older id; the younger clears
    alarm("Botafogo", RED, null, 2);
    endOfDay(2);
    assertThat(incidents().subList(2, incidents().size()))
        .extracting(Incident::incidentId, Incident::status, Incident::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                older, IncidentStatus.ACTIVE_UNACK, Severity.SEVERE),
            org.assertj.core.groups.Tuple.tuple(
                younger, IncidentStatus.CLEARED_UNACK, Severity.MODERATE));
  }
}
