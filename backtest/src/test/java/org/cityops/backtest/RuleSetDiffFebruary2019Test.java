package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cityops.backtest.rules.RuleSetDiff;
import org.cityops.embedded.SharedData;
import org.cityops.events.Reading;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What would this change have done last February?": Rio's rules against a candidate that makes an
 * hour strong from 30 mm instead of 25.1, both over Alerta Rio's February 2019.
 */
class RuleSetDiffFebruary2019Test {
  @RegisterExtension
  static final org.apache.flink.test.junit5.MiniClusterExtension FLINK = February2019.miniCluster();

  @Test
  void raisingTheStrongClassListsExactlyTheIncidentsItWouldNotHaveRaised(@TempDir Path dir)
      throws Exception {
    Path candidate =
        Files.writeString(
            dir.resolve("candidate.yaml"),
            Files.readString(Path.of("../rules/examples/rio-rules.yaml"))
                .replace("version: 1                # raise", "version: 2                # raise")
                .replace("strong-mm: 25.1", "strong-mm: 30"));
    List<Reading> readings =
        AlertaRioReadings.readFolder(
            February2019.FOLDER, AlertaRioStations.load(SharedData.data("rio/rain-gauges.json")));
    RainJobConfig rio =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.zones-file",
                    SharedData.data("rio/rain-zones.geojson").toString(),
                    "rain.rules-file",
                    "../rules/examples/rio-rules.yaml")));
    RainJobConfig stricter =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.zones-file", SharedData.data("rio/rain-zones.geojson").toString(),
                    "rain.rules-file", candidate.toString())));
    Backtest.Result a = Backtest.run(readings, rio, 2, false, (n, t) -> {}, 100_000);
    Backtest.Result b = Backtest.run(readings, stricter, 2, false, (n, t) -> {}, 100_000);

    RuleSetDiff.Result diff = RuleSetDiff.compare(a.detections(), b.detections());
    System.out.print(diff.report("Rio's rules", "strong from 30 mm"));
    System.out.println("per rule, Rio: " + RuleSetDiff.perRule(a.detections()));
    System.out.println("per rule, candidate: " + RuleSetDiff.perRule(b.detections()));

    // the storms' strong hours that never reached 30 mm: not raised at all under the candidate
    assertThat(diff.onlyFirst())
        .extracting(RuleSetDiff.Summary::incidentId)
        .containsExactly(
            "heavy_rain:anchieta:1549331100",
            "heavy_rain:av_brasil_mendanha:1549332000",
            "heavy_rain:cidade_de_deus:1549494900",
            "heavy_rain:santa_teresa:1549494900",
            "heavy_rain:tanque:1549494900",
            "heavy_rain:tijuca_muda:1549497600",
            "heavy_rain:grande_meier:1550018700",
            "heavy_rain:saude:1550019600",
            "heavy_rain:alto_da_boa_vista:1550039400",
            "heavy_rain:grajau:1550040300",
            "heavy_rain:santa_teresa:1550040300",
            "heavy_rain:anchieta:1550446200",
            "heavy_rain:tanque:1550447100",
            "heavy_rain:grajau_jacarepagua:1550448000",
            "heavy_rain:penha:1550448000",
            "heavy_rain:ilha_do_governador:1550448900",
            "heavy_rain:tanque:1550881800",
            "heavy_rain:sepetiba:1551220200",
            "heavy_rain:rocinha:1551221100",
            "heavy_rain:vidigal:1551221100");
    // checked against Alerta Rio's own 1 h column, not the job's sums: each of them peaked at
    // 25.1 mm or more and under 30 mm; each incident both rule sets raise peaked at 30 or more
    for (RuleSetDiff.Summary only : diff.onlyFirst()) {
      assertThat(officialPeak(only)).as("%s", only).isGreaterThanOrEqualTo(25.1).isLessThan(30);
    }
    assertThat(diff.onlySecond()).isEmpty(); // a stricter rule raises nothing new
    for (RuleSetDiff.Changed c : diff.changed()) {
      assertThat(c.first().type()).isEqualTo(org.cityops.events.IncidentType.HEAVY_RAIN);
      assertThat(officialPeak(c.first())).as("%s", c.first()).isGreaterThanOrEqualTo(30);
      // a higher threshold opens the same storm's incident no earlier and ends it no later
      assertThat(c.second().openedAt()).isAfterOrEqualTo(c.first().openedAt());
      assertThat(c.second().endedAt()).isBeforeOrEqualTo(c.first().endedAt());
    }
    // what neither rule change touches is the same: sirens, landslides, gauge health
    assertThat(RuleSetDiff.perRule(a.detections()))
        .containsEntry("heavy-rain v1", 61)
        .containsEntry("siren-level v1", 29)
        .containsEntry("landslide-risk v1", 169);
    assertThat(RuleSetDiff.perRule(b.detections()))
        .containsEntry("heavy-rain v2", 41)
        .containsEntry("siren-level v1", 29)
        .containsEntry("landslide-risk v1", 169)
        .doesNotContainKey("heavy-rain v1");
    assertThat(withoutRules(RuleSetDiff.perRule(b.detections())))
        .isEqualTo(withoutRules(RuleSetDiff.perRule(a.detections())))
        .containsExactly(java.util.Map.entry("(no rule: sensor_maintenance)", 35));
  }

  /** The counts of incidents no rule names (gauge health). */
  private static Map<String, Integer> withoutRules(Map<String, Integer> perRule) {
    Map<String, Integer> out = new java.util.TreeMap<>(perRule);
    out.keySet().removeIf(k -> !k.startsWith("(no rule"));
    return out;
  }

  /** Alerta Rio's highest published 1 h sum at the incident's gauge while it was open. */
  private static double officialPeak(RuleSetDiff.Summary s) {
    return February2019.officialRows().stream()
        .filter(r -> r.station().equals(s.place()))
        .filter(r -> !r.time().isBefore(s.openedAt()) && !r.time().isAfter(s.endedAt()))
        .map(org.cityops.ingestion.alertario.AlertaRioRow::mm1h)
        .filter(java.util.Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .max()
        .orElseThrow();
  }
}
