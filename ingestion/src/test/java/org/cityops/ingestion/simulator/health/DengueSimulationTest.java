package org.cityops.ingestion.simulator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.cityops.embedded.SharedData;
import org.cityops.events.CaseNotification;
import org.cityops.geo.GeoJsonZones;
import org.cityops.geo.ZoneAdjacency;
import org.cityops.geo.ZoneMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic dengue model over Rio's 164 neighbourhoods does what the README says it does. */
class DengueSimulationTest {
  private static ZoneAdjacency adjacency;
  private static Map<String, Integer> populations;
  private static DengueSimulation year;

  @BeforeAll
  static void simulate() {
    ZoneMap rio =
        GeoJsonZones.read(SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome");
    adjacency = ZoneAdjacency.of(rio, 30);
    populations = DengueSimulation.populations(rio.zones().stream().map(z -> z.id()).toList(), 5);
    year = aYear().simulate();
  }

  private static DengueScenario aYear() {
    return new DengueScenario(
        adjacency,
        populations,
        DengueModel.standard(),
        LocalDate.parse("2024-01-01"),
        365,
        "America/Sao_Paulo",
        5);
  }

  @Test
  void outbreaksAreTouchingNeighbourhoodsWithTheStatedSizesLengthsAndFactors() {
    assertThat(year.outbreaks()).hasSize(8);
    for (Outbreak o : year.outbreaks()) {
      assertThat(o.neighbourhoods()).hasSizeBetween(1, 4);
      assertThat(adjacency.groups(o.neighbourhoods())).as("one touching group").hasSize(1);
      long days = o.end().toEpochDay() - o.start().toEpochDay() + 1;
      assertThat(days % 7).isZero();
      assertThat(days / 7).isBetween(4L, 8L);
      assertThat(o.multiplier()).isBetween(3.0, 5.0);
    }
  }

  @Test
  void backgroundIncidenceIsTheModelsAndOutbreaksRaiseTheirNeighbourhoods() {
    long population = populations.values().stream().mapToLong(Integer::longValue).sum();
    assertThat(population).isBetween(5_500_000L, 8_500_000L);
    double weeklyPer100k = year.cases() / (365 / 7.0) / population * 100_000;
    // 40 a week on average, a little more with the outbreaks
    assertThat(weeklyPer100k).isCloseTo(42, within(4.0));
    Outbreak o = year.outbreaks().get(0);
    List<CaseNotification> firsts =
        year.notifications().stream()
            .filter(n -> n.status() == CaseNotification.Status.SUSPECTED)
            .toList();
    long during =
        firsts.stream()
            .filter(n -> o.covers(n.neighbourhood(), n.symptomsOnset()))
            .map(CaseNotification::notificationId)
            .distinct()
            .count();
    long before =
        firsts.stream()
            .filter(n -> o.neighbourhoods().contains(n.neighbourhood()))
            .filter(
                n ->
                    n.symptomsOnset().isBefore(o.start())
                        && !n.symptomsOnset()
                            .isBefore(
                                o.start()
                                    .minusDays(o.end().toEpochDay() - o.start().toEpochDay() + 1)))
            .map(CaseNotification::notificationId)
            .distinct()
            .count();
    System.out.printf(
        "outbreak %d in %s x%.2f: %d cases during, %d in as many days before%n",
        o.number(), o.neighbourhoods(), o.multiplier(), during, before);
    assertThat((double) during / before).isGreaterThan(2.0);
  }

  @Test
  void notificationsComeAfterSymptomsWithDuplicatesAndRevisions() {
    List<CaseNotification> all = year.notifications();
    assertThat(all)
        .isSortedAccordingTo(java.util.Comparator.comparing(CaseNotification::notifiedAt));
    assertThat(all)
        .allMatch(
            n ->
                n.notifiedAt()
                    .atZone(ZoneId.of("America/Sao_Paulo"))
                    .toLocalDate()
                    .isAfter(n.symptomsOnset()));
    long distinct = all.stream().map(CaseNotification::notificationId).distinct().count();
    assertThat(distinct).isEqualTo(year.cases());
    double extra = (all.size() - distinct) / (double) distinct;
    // 2 % duplicates, 10 % confirmations, 5 % discards
    assertThat(extra).isCloseTo(0.17, within(0.02));
    assertThat(all).anyMatch(n -> n.status() == CaseNotification.Status.DISCARDED);
    assertThat(year.temperatures()).hasSize(3 * (365 + 35));
    assertThat(all).allSatisfy(CaseNotification::validate);
  }

  @Test
  void theSameSeedGivesTheSameCity() {
    var again = aYear().simulate();
    assertThat(again.outbreaks()).isEqualTo(year.outbreaks());
    assertThat(again.notifications()).isEqualTo(year.notifications());
  }
}
