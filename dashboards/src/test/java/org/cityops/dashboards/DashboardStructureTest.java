package org.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityops.dashboards.Dashboards.Dashboard;
import org.cityops.jobs.landslide.LandslideThresholds;
import org.cityops.jobs.rain.RainThresholds;
import org.junit.jupiter.api.Test;

/**
 * What Grafana needs of a dashboard to load and draw it, checked on every file: unique uids and
 * panel ids, a grid that fits 24 columns without overlaps, data source references that match the
 * provisioned one, every variable defined, and thresholds that are the detectors' own.
 */
class DashboardStructureTest {
  private static final Set<String> MACROS =
      Set.of(
          "timeFilter",
          "__interval",
          "__interval_ms",
          "__timeFilter",
          "interval",
          "__from",
          "__to");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

  @Test
  void thereAreTheDashboardsOfWhatExists() {
    assertThat(Dashboards.all())
        .extracting(Dashboard::uid)
        .containsExactlyInAnyOrder(
            "cityops-overview",
            "cityops-rain",
            "cityops-pipeline",
            "cityops-traffic",
            "cityops-health");
  }

  @Test
  void uidsTitlesAndPanelIdsAreUnique() {
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Dashboard d : Dashboards.all()) {
      assertThat(uids.add(d.uid())).as("uid %s of %s is unique", d.uid(), d).isTrue();
      assertThat(d.uid()).matches("[a-zA-Z0-9_-]{1,40}");
      assertThat(titles.add(d.json().path("title").asText())).as("title of %s", d).isTrue();
      assertThat(d.json().path("schemaVersion").asInt()).as("schemaVersion of %s", d).isPositive();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.panels()) {
        assertThat(p.path("id").isInt()).as("panel id in %s", d).isTrue();
        assertThat(ids.add(p.path("id").asInt())).as("panel id %s in %s", p.path("id"), d).isTrue();
        assertThat(p.path("title").asText()).as("panel title in %s", d).isNotBlank();
        assertThat(p.path("type").asText()).as("panel type in %s", d).isNotBlank();
      }
    }
  }

  @Test
  void panelsFitTheGridAndNeverOverlap() {
    for (Dashboard d : Dashboards.all()) {
      List<int[]> boxes = new ArrayList<>();
      for (JsonNode p : d.panels()) {
        JsonNode g = p.path("gridPos");
        int x = g.path("x").asInt(-1), y = g.path("y").asInt(-1);
        int w = g.path("w").asInt(0), h = g.path("h").asInt(0);
        String what = d + " panel '" + p.path("title").asText() + "'";
        assertThat(x).as("x of %s", what).isBetween(0, 23);
        assertThat(y).as("y of %s", what).isNotNegative();
        assertThat(w).as("w of %s", what).isBetween(1, 24 - x);
        assertThat(h).as("h of %s", what).isPositive();
        for (int[] other : boxes) {
          boolean apart =
              x + w <= other[0]
                  || other[0] + other[2] <= x
                  || y + h <= other[1]
                  || other[1] + other[3] <= y;
          assertThat(apart).as("%s overlaps a panel at %d,%d", what, other[0], other[1]).isTrue();
        }
        boxes.add(new int[] {x, y, w, h});
      }
    }
  }

  @Test
  void everyDataSourceReferenceIsTheProvisionedOne() {
    JsonNode provisioned =
        Dashboards.yaml("provisioning/datasources/cityops-influxdb.yaml")
            .path("datasources")
            .get(0);
    assertThat(provisioned.path("type").asText()).isEqualTo("influxdb");
    assertThat(provisioned.path("jsonData").path("version").asText()).isEqualTo("InfluxQL");
    String uid = provisioned.path("uid").asText();
    assertThat(uid).isNotBlank();
    int references = 0;
    for (Dashboard d : Dashboards.all()) {
      List<JsonNode> refs = new ArrayList<>();
      d.panels().forEach(p -> refs.add(p.path("datasource")));
      d.panels().forEach(p -> p.path("targets").forEach(t -> refs.add(t.path("datasource"))));
      d.variables().forEach(v -> refs.add(v.path("datasource")));
      for (JsonNode ref : refs) {
        assertThat(ref.path("uid").asText()).as("data source uid in %s", d).isEqualTo(uid);
        assertThat(ref.path("type").asText()).as("data source type in %s", d).isEqualTo("influxdb");
        references++;
      }
    }
    assertThat(references).isGreaterThan(20);
  }

  @Test
  void theDashboardProviderLoadsFromTheFolderTheDeploymentsMount() {
    JsonNode provider =
        Dashboards.yaml("provisioning/dashboards/cityops.yaml").path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards/cityops");
  }

  @Test
  void everyTargetIsRawInfluxQlAndEveryVariableItUsesIsDefined() {
    for (Dashboard d : Dashboards.all()) {
      Set<String> defined = new HashSet<>();
      for (JsonNode v : d.variables()) {
        defined.add(v.path("name").asText());
        assertVariablesDefined(d, v.path("query").asText(), Set.of());
      }
      for (JsonNode p : d.panels()) {
        Set<String> refIds = new HashSet<>();
        assertThat(p.path("targets").size()).as("targets of %s", p.path("title")).isPositive();
        for (JsonNode t : p.path("targets")) {
          assertThat(refIds.add(t.path("refId").asText()))
              .as("refId in %s", p.path("title"))
              .isTrue();
          assertThat(t.path("rawQuery").asBoolean()).as("rawQuery in %s", p.path("title")).isTrue();
          assertThat(t.path("query").asText()).startsWith("SELECT ");
          assertVariablesDefined(d, t.path("query").asText(), defined);
        }
      }
    }
  }

  private static void assertVariablesDefined(Dashboard d, String query, Set<String> defined) {
    Matcher m = VARIABLE.matcher(query);
    while (m.find()) {
      assertThat(MACROS.contains(m.group(1)) || defined.contains(m.group(1)))
          .as("$%s in %s of %s is defined", m.group(1), query, d)
          .isTrue();
    }
  }

  @Test
  void thresholdsAreTheDetectorsOwn() {
    Dashboard rain = Dashboards.byUid("cityops-rain");
    RainThresholds r = RainThresholds.alertaRio();
    LandslideThresholds l = LandslideThresholds.defaults();

    List<Double> hour = steps(rain.panel("Rain in 1 h per gauge"));
    assertThat(hour).contains(r.moderateMm(), r.strongMm(), r.sirenHourMm());
    // very strong is "above" the bound; Grafana colours from a step on, so the step is just above
    assertThat(hour.get(hour.size() - 1))
        .isGreaterThan(r.veryStrongMm())
        .isLessThanOrEqualTo(r.veryStrongMm() + 0.1);
    assertThat(steps(rain.panel("Rain in 24 h per gauge")))
        .containsExactly(
            l.medium().dayMm(), l.high().dayMm(), r.sirenDayMm(), l.veryHigh().dayMm());
    assertThat(steps(rain.panel("Rain in 96 h per gauge")))
        .containsExactly(l.medium().fourDaysMm(), l.high().fourDaysMm(), l.veryHigh().fourDaysMm());
  }

  @Test
  void healthThresholdsAndLevelsAreTheHealthJobsOwn() {
    var health =
        org.cityops.jobs.health.HealthConfig.from(
            new org.cityops.jobs.common.Settings(java.util.Map.of()));
    Dashboard d = Dashboards.byUid("cityops-health");
    assertThat(steps(d.panel("Incidence per 100,000 a week")))
        .containsExactly(health.levels().preEpidemicPer100k(), health.levels().epidemicPer100k());
    // the level panel colours InfoDengue's ranks: yellow 2, orange 3, red 4
    assertThat(steps(d.panel("Alert level per neighbourhood")))
        .containsExactly(
            (double) org.cityops.jobs.health.methods.AlertLevels.Level.YELLOW.rank(),
            (double) org.cityops.jobs.health.methods.AlertLevels.Level.ORANGE.rank(),
            (double) org.cityops.jobs.health.methods.AlertLevels.Level.RED.rank());
    assertThat(steps(d.panel("Space-time scan: the most likely cluster's p-value")))
        .containsExactly(health.scan().alpha());
  }

  @Test
  void trafficLevelsAreTheCongestionDetectorsOwn() {
    var levels =
        org.cityops.jobs.traffic.TrafficConfig.from(
                new org.cityops.jobs.common.Settings(java.util.Map.of()))
            .congestion();
    assertThat(steps(Dashboards.byUid("cityops-traffic").panel("Speed against free flow")))
        .containsExactly(levels.standstillBelow(), levels.congestedBelow(), levels.slowBelow());
  }

  /** The threshold steps of a panel after the base colour, in order. */
  private static List<Double> steps(JsonNode panel) {
    List<Double> out = new ArrayList<>();
    JsonNode steps = panel.path("fieldConfig").path("defaults").path("thresholds").path("steps");
    assertThat(steps.get(0).path("value").isNull())
        .as("base step of %s", panel.path("title"))
        .isTrue();
    for (int i = 1; i < steps.size(); i++) {
      out.add(steps.get(i).path("value").asDouble());
    }
    return out;
  }
}
