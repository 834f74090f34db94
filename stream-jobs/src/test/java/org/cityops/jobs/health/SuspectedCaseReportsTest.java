package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.AREAS;
import static org.cityops.jobs.health.HealthFixtures.id;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;
import org.cityops.events.RejectReason;
import org.cityops.events.ReportCategory;
import org.junit.jupiter.api.Test;

/** Residents' suspected-dengue reports: placed, counted per week once each, forgotten later. */
class SuspectedCaseReportsTest {
  private static final GeoPoint IN_COPACABANA = new GeoPoint(-22.9711, -43.1863);
  private static final LocalDate TUESDAY = LocalDate.parse("2024-03-05");

  private static CitizenReport report(String id, String reporter, ReportCategory c, GeoPoint at) {
    Instant t = HealthFixtures.noon(TUESDAY);
    return new CitizenReport(id, c, t, at, "muitos mosquitos e febre", null, reporter);
  }

  @Test
  void reportsArePlacedAndOnlyDengueOnesCount() throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new PlaceReports(AREAS.zones()));
    h.processElement(report("r1", "ana", ReportCategory.DENGUE_SUSPECTED, IN_COPACABANA), 0);
    h.processElement(report("r2", "ana", ReportCategory.FLOODING, IN_COPACABANA), 0);
    h.processElement(
        report("r3", "bia", ReportCategory.DENGUE_SUSPECTED, new GeoPoint(-23.5, -46.6)), 0);
    assertThat(h.extractOutputValues())
        .extracting(p -> p.report().reportId(), PlacedReport::neighbourhood)
        .containsExactly(Tuple.tuple("r1", id("Copacabana")));
    assertThat(h.getSideOutput(PlaceReports.REJECTED))
        .extracting(r -> r.getValue().reason())
        .containsExactly(RejectReason.UNKNOWN_AREA);
    h.close();
  }

  @Test
  void eachReportCountsOnceAndEachResidentOnceAWeekAndTheWeekIsForgotten() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, PlacedReport, NeighbourhoodReports> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SuspectedCaseReports("America/Sao_Paulo", Duration.ofDays(56)),
            PlacedReport::neighbourhood,
            Types.STRING);
    String copacabana = id("Copacabana");
    for (String[] r : new String[][] {{"r1", "ana"}, {"r1", "ana"}, {"r2", "ana"}, {"r3", "bia"}}) {
      PlacedReport p =
          new PlacedReport(
              report(r[0], r[1], ReportCategory.DENGUE_SUSPECTED, IN_COPACABANA), copacabana);
      h.processElement(p, p.report().time().toEpochMilli());
    }
    assertThat(h.extractOutputValues())
        .extracting(NeighbourhoodReports::reports, NeighbourhoodReports::reporters)
        .containsExactly(Tuple.tuple(1, 1), Tuple.tuple(2, 1), Tuple.tuple(3, 2));
    assertThat(h.extractOutputValues().get(0).weekStart()).isEqualTo(LocalDate.parse("2024-03-03"));
    h.processWatermark(HealthFixtures.tickAfter(TUESDAY.plusDays(4 + 56)));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }
}
