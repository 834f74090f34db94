package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.ingestion.alertario.AlertaRioRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incidents the engine raises on February 2019, against expectations derived from Alerta Rio's
 * official columns alone (never from the engine): at every slot where the official 1 h sum crosses
 * above 50 mm (very strong) or reaches the siren level (1 h >= 40 mm or 24 h >= 125 mm) during the
 * storms of 4, 6 and 17 February, the engine's incident is at that level at that very slot, raised
 * then if it was not already; and on a day with no official 1 h of 25.1 mm or more at a gauge, no
 * heavy-rain incident opens there.
 */
class IncidentsFromOfficialDataTest {
  @RegisterExtension static final MiniClusterExtension FLINK = February2019.miniCluster();

  private static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");
  private static final Set<LocalDate> STORMS =
      Set.of(LocalDate.of(2019, 2, 4), LocalDate.of(2019, 2, 6), LocalDate.of(2019, 2, 17));
  private static final Duration SLOT = Duration.ofMinutes(15);

  private static Map<String, List<AlertaRioRow>> rowsByStation() {
    return February2019.officialRows().stream()
        .collect(Collectors.groupingBy(AlertaRioRow::station, TreeMap::new, Collectors.toList()));
  }

  /** The engine's latest version of this type and gauge at {@code t}, or null. */
  private static Incident stateAt(List<Incident> versions, Instant t) {
    Incident latest = null;
    for (Incident i : versions) {
      if (!i.updatedAt().isAfter(t)) {
        latest = i;
      }
    }
    return latest;
  }

  private static boolean atLevel(Incident state, Severity level) {
    return state != null && state.status().isActive() && state.severity().compareTo(level) >= 0;
  }

  private int checkCrossings(
      Map<String, List<Incident>> engine,
      IncidentType type,
      Severity level,
      Predicate<AlertaRioRow> official,
      List<String> failures) {
    int crossings = 0;
    for (Map.Entry<String, List<AlertaRioRow>> station : rowsByStation().entrySet()) {
      List<Incident> versions = engine.getOrDefault(station.getKey() + "/" + type, List.of());
      List<AlertaRioRow> rows = station.getValue();
      for (int k = 1; k < rows.size(); k++) {
        AlertaRioRow row = rows.get(k);
        if (!STORMS.contains(row.time().atZone(RIO).toLocalDate())
            || !official.test(row)
            || official.test(rows.get(k - 1))) {
          continue;
        }
        crossings++;
        Incident now = stateAt(versions, row.time());
        Incident before = stateAt(versions, row.time().minus(SLOT));
        if (!atLevel(now, level)) {
          failures.add(
              type
                  + " at "
                  + station.getKey()
                  + " "
                  + row.time()
                  + ": official crosses, engine has "
                  + now);
        } else if (!atLevel(before, level) && !now.updatedAt().equals(row.time())) {
          failures.add(
              type
                  + " at "
                  + station.getKey()
                  + " "
                  + row.time()
                  + ": raised at "
                  + now.updatedAt());
        }
      }
    }
    return crossings;
  }

  @Test
  void stormsRaiseTheirIncidentsAtTheFirstSlotTheOfficialDataCrossesAndCalmDaysRaiseNone()
      throws Exception {
    Backtest.Result result = February2019.backtest();
    Map<String, List<Incident>> engine = new TreeMap<>();
    result.detections().stream()
        .sorted(Comparator.comparing(Incident::updatedAt).thenComparing(Incident::version))
        .forEach(
            i ->
                engine
                    .computeIfAbsent(i.area().zone() + "/" + i.type(), k -> new ArrayList<>())
                    .add(i));

    List<String> failures = new ArrayList<>();
    int veryStrong =
        checkCrossings(
            engine,
            IncidentType.HEAVY_RAIN,
            Severity.SEVERE,
            r -> r.mm1h() != null && r.mm1h() > 50,
            failures);
    int siren =
        checkCrossings(
            engine,
            IncidentType.SIREN_LEVEL,
            Severity.EXTREME,
            r -> (r.mm1h() != null && r.mm1h() >= 40) || (r.mm24h() != null && r.mm24h() >= 125),
            failures);

    // Calm days: no heavy-rain incident opens at a gauge on a local day without 25.1 mm in an hour.
    int calmDays = 0;
    for (Map.Entry<String, List<AlertaRioRow>> station : rowsByStation().entrySet()) {
      Map<LocalDate, Double> max1h = new TreeMap<>();
      station
          .getValue()
          .forEach(
              r ->
                  max1h.merge(
                      r.time().atZone(RIO).toLocalDate(),
                      r.mm1h() == null ? 0 : r.mm1h(),
                      Math::max));
      for (Map.Entry<LocalDate, Double> day : max1h.entrySet()) {
        if (day.getValue() >= 25.1) {
          continue;
        }
        calmDays++;
        engine.getOrDefault(station.getKey() + "/" + IncidentType.HEAVY_RAIN, List.of()).stream()
            .filter(
                i ->
                    i.version() == 1 && i.openedAt().atZone(RIO).toLocalDate().equals(day.getKey()))
            .forEach(
                i ->
                    failures.add(
                        "calm day "
                            + day.getKey()
                            + " at "
                            + station.getKey()
                            + " raised "
                            + i.incidentId()));
      }
    }
    System.out.printf(
        "February 2019 from the official columns: %d very-strong crossings and %d siren-level "
            + "crossings in the storms of 4, 6 and 17 February, %d calm gauge-days; failures %d%n",
        veryStrong, siren, calmDays, failures.size());
    assertThat(failures).isEmpty();
    assertThat(veryStrong).isGreaterThanOrEqualTo(8);
    assertThat(siren).isGreaterThanOrEqualTo(10);
    assertThat(calmDays).isGreaterThan(700);
  }
}
