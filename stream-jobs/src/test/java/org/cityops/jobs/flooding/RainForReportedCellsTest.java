package org.cityops.jobs.flooding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.RainRuleChange;
import org.cityops.events.ReportCategory;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.Test;

class RainForReportedCellsTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  private static final GeoPoint BANDEIRA = new GeoPoint(-22.9115, -43.2130);

  // defaults: cells of 500 m, rain within 3 km, window 30 min
  private final FloodingConfig config = FloodingConfig.from(new Settings(Map.of()));
  private final RainRegions rainRegions = new RainRegions(config);

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  private static GeoPoint offset(double northM, double eastM) {
    return new GeoPoint(
        BANDEIRA.lat() + northM / 111_320,
        BANDEIRA.lon() + eastM / (111_320 * Math.cos(Math.toRadians(BANDEIRA.lat()))));
  }

  private KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> regions()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new RainForReportedCells(config), RainRegionSignal::region, Types.STRING);
  }

  private void rain(
      KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> h,
      String gauge,
      GeoPoint at,
      long minute,
      double mm)
      throws Exception {
    for (String region : rainRegions.regionsReachedFrom(at)) {
      h.processElement(
          RainRegionSignal.rain(region, gauge, at, minutes(minute), mm),
          minutes(minute).toEpochMilli());
    }
  }

  private void report(
      KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> h,
      GeoPoint at,
      long minute)
      throws Exception {
    CitizenReport r =
        new CitizenReport(
            "r" + minute, ReportCategory.FLOODING, minutes(minute), at, "rua alagada", null, "ana");
    List<CellSignal> cells = new ArrayList<>();
    new FloodReportsToCells(config).flatMap(r, collector(cells));
    report(h, cells, minutes(minute).toEpochMilli());
  }

  /** A report's cell signals (as {@link FloodReportsToCells} sends them) to the rain regions. */
  private void report(
      KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> h,
      List<CellSignal> cells,
      long t)
      throws Exception {
    ReportedCellsToRegions toRegions = new ReportedCellsToRegions(config);
    for (CellSignal s : cells) {
      h.processElement(toRegions.map(s), t);
    }
  }

  private static <T> Collector<T> collector(List<T> into) {
    return new Collector<>() {
      @Override
      public void collect(T record) {
        into.add(record);
      }

      @Override
      public void close() {}
    };
  }

  private static List<String> sent(
      KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> h) {
    List<String> sent =
        h.extractOutputValues().stream()
            .map(s -> s.cell() + " " + s.gaugeId() + " " + s.rainAt() + " " + s.rain1hMm())
            .sorted()
            .toList();
    h.getOutput().clear();
    return sent;
  }

  private static long stateEntries(
      KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> h) {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            h.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  @Test
  void strongRainNobodyReportsNearGoesNowhereAndIsForgottenAfterTheWindow() throws Exception {
    try (var h = regions()) {
      rain(h, "tijuca", offset(-2000, -700), 0, 44.0);
      h.processWatermark(minutes(0).toEpochMilli());
      assertThat(sent(h)).isEmpty();
      assertThat(stateEntries(h)).isPositive();
      h.processWatermark(minutes(31).toEpochMilli());
      assertThat(sent(h)).isEmpty();
      assertThat(stateEntries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aReportBringsTheRainOfTheWindowBeforeItAndLaterRainGoesAtOnceEachOnce() throws Exception {
    GeoPoint gauge = offset(-2000, -700); // ~2.1 km from the reports
    String reportCell = new ReportGrid(config.radiusM()).cellOf(BANDEIRA);
    try (var h = regions()) {
      rain(h, "tijuca", gauge, 0, 30.0);
      rain(h, "far-away", offset(-9000, 0), 0, 80.0); // its reach does not touch the cell
      rain(h, "early", gauge, -31, 50.0); // more than the window before the report
      h.processWatermark(minutes(0).toEpochMilli());
      report(h, BANDEIRA, 10);
      h.processWatermark(minutes(10).toEpochMilli());
      // the report's cell and the eight around it each get the rain of the window before it
      assertThat(sent(h))
          .hasSize(9)
          .allMatch(s -> s.contains(" tijuca " + minutes(0) + " 30.0"))
          .anyMatch(s -> s.startsWith(reportCell + " "));
      // a second report of the same cells does not bring the same rain again
      report(h, BANDEIRA, 20);
      h.processWatermark(minutes(20).toEpochMilli());
      assertThat(sent(h)).isEmpty();
      // rain within the window after a report goes at once; a revised sum goes with its new value
      rain(h, "tijuca", gauge, 35, 40.0);
      rain(h, "tijuca", gauge, 35, 41.0);
      h.processWatermark(minutes(35).toEpochMilli());
      assertThat(sent(h))
          .hasSize(18)
          .filteredOn(s -> s.startsWith(reportCell + " "))
          .containsExactly(
              reportCell + " tijuca " + minutes(35) + " 40.0",
              reportCell + " tijuca " + minutes(35) + " 41.0");
      // rain more than the window after the last report goes nowhere
      rain(h, "tijuca", gauge, 51, 45.0);
      h.processWatermark(minutes(51).toEpochMilli());
      assertThat(sent(h)).isEmpty();
      h.processWatermark(minutes(200).toEpochMilli());
      assertThat(stateEntries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  /**
   * The point of the regions: urban flooding judges exactly as when every strong sum went to every
   * cell of its gauge's reach. Random storms of reports and rain, in event-time order, through both
   * ways; the incidents must be the same, version by version.
   */
  @Test
  void urbanFloodingSeesTheSameRainAsWhenItWentToEveryCellOfTheReach() throws Exception {
    int incidents = 0;
    long backedByRain = 0;
    for (int seed = 1; seed <= 30; seed++) {
      List<Incident> everyCell = new ArrayList<>();
      List<Incident> throughRegions = new ArrayList<>();
      run(new Random(seed), false, everyCell);
      run(new Random(seed), true, throughRegions);
      // per incident, version by version (the order between cells firing at one instant is free)
      Comparator<Incident> byIncident =
          Comparator.comparing(Incident::incidentId).thenComparingLong(Incident::version);
      throughRegions.sort(byIncident);
      everyCell.sort(byIncident);
      assertThat(throughRegions).as("seed %d", seed).isEqualTo(everyCell);
      incidents += everyCell.size();
      backedByRain +=
          everyCell.stream()
              .filter(i -> i.evidence().stream().anyMatch(e -> e.signal().equals("rain_1h_mm")))
              .count();
    }
    // the storms must exercise the comparison: incidents, some backed by rain
    assertThat(incidents).isGreaterThan(30);
    assertThat(backedByRain).isGreaterThan(10);
  }

  private record Event(long minute, CitizenReport report, String gauge, GeoPoint at, double mm) {}

  private void run(Random random, boolean throughRegions, List<Incident> into) throws Exception {
    List<Event> events = new ArrayList<>();
    String[] people = {"ana", "bia", "caio", "duda", "edu", "fê", "gil", "hugo"};
    // scattered reports, and bursts at spots nobody reported from before: a burst's first cells
    // need the rain of the window before it
    int id = 0;
    for (int i = 0; i < 20; i++) {
      events.add(
          reportEvent(
              random,
              id++,
              offset(gauss(random, 1500), gauss(random, 1500)),
              random.nextInt(300),
              people));
    }
    for (int b = 0; b < 6; b++) {
      GeoPoint spot = offset(gauss(random, 1500), gauss(random, 1500));
      long start = random.nextInt(300);
      for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
        GeoPoint at =
            new GeoPoint(
                spot.lat() + gauss(random, 150) / 111_320,
                spot.lon() + gauss(random, 150) / 111_320);
        events.add(reportEvent(random, id++, at, start + random.nextInt(8), people));
      }
    }
    for (int g = 0; g < 6; g++) {
      GeoPoint at =
          offset((random.nextDouble() - 0.5) * 10_000, (random.nextDouble() - 0.5) * 10_000);
      for (long minute = 0; minute < 300; minute += 15) {
        events.add(new Event(minute, null, "g" + g, at, random.nextDouble() * 60));
      }
    }
    events.sort(Comparator.comparingLong(Event::minute));
    ReportGrid grid = new ReportGrid(config.radiusM());
    try (KeyedBroadcastOperatorTestHarness<String, CellSignal, RainRuleChange, Incident> flooding =
            ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new UrbanFloodingFunction(config),
                CellSignal::cell,
                Types.STRING,
                RuleVersions.RULES);
        var regions = regions()) {
      flooding.processBroadcastWatermark(Long.MAX_VALUE);
      for (Event e : events) {
        long t = minutes(e.minute()).toEpochMilli();
        if (e.report() != null) {
          List<CellSignal> cells = new ArrayList<>();
          new FloodReportsToCells(config).flatMap(e.report(), collector(cells));
          for (CellSignal s : cells) {
            flooding.processElement(s, t);
          }
          if (throughRegions) {
            report(regions, cells, t);
          }
        } else if (e.mm() >= config.strongRainMm()) {
          if (throughRegions) {
            rain(regions, e.gauge(), e.at(), e.minute(), e.mm());
          } else {
            for (String cell : grid.cellsWithin(e.at(), config.rainRadiusM())) {
              flooding.processElement(
                  CellSignal.rain(cell, e.gauge(), e.at(), minutes(e.minute()), e.mm()), t);
            }
          }
        }
        if (throughRegions) {
          regions.processWatermark(t);
          for (CellSignal s : regions.extractOutputValues()) {
            flooding.processElement(s, t);
          }
          regions.getOutput().clear();
        }
        flooding.processWatermark(t);
      }
      flooding.processWatermark(Long.MAX_VALUE);
      into.addAll(flooding.extractOutputValues());
    }
  }

  private static double gauss(Random random, double metres) {
    return random.nextGaussian() * metres;
  }

  private static Event reportEvent(
      Random random, int id, GeoPoint at, long minute, String[] people) {
    return new Event(
        minute,
        new CitizenReport(
            "r" + id,
            ReportCategory.FLOODING,
            minutes(minute),
            at,
            "rua alagada",
            null,
            people[random.nextInt(people.length)]),
        null,
        null,
        0);
  }
}
