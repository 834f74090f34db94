package org.cityops.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RulePushTest {
  @Test
  void theConsolesAddressKeepsAProxysPrefixWithOrWithoutItsSlash() {
    assertThat(RulePush.endpoint(URI.create("http://127.0.0.1:8080/"), "/api/rules"))
        .hasToString("http://127.0.0.1:8080/api/rules");
    assertThat(RulePush.endpoint(URI.create("http://127.0.0.1:8080"), "/api/login"))
        .hasToString("http://127.0.0.1:8080/api/login");
    assertThat(RulePush.endpoint(URI.create("https://ops.city.example/console"), "/api/rules"))
        .hasToString("https://ops.city.example/console/api/rules");
    assertThat(RulePush.endpoint(URI.create("https://ops.city.example/console/"), "/api/logout"))
        .hasToString("https://ops.city.example/console/api/logout");
  }

  @Test
  void everyRuleOfTheFileBecomesOneChangeWithEveryThresholdKept() {
    String yaml =
        """
        rules:
          - {id: heavy-rain, version: 3, detector: heavy_rain, moderate-mm: 5, strong-mm: 25.1, very-strong-mm: 50}
          - {id: siren-level, version: 1, detector: siren_level, hour-mm: 40, day-mm: 125}
          - id: rivers
            version: 4
            detector: water_level
            attention-m: 2.5
            alert-m: 3.5
            flood-m: 4.5
            rise-m: 0.4
            stations:
              - {id: river-009, attention-m: 1, alert-m: 2, flood-m: 3}
              - {id: river-001, attention-m: -0.5, alert-m: 0.2, flood-m: 1.0}
          - {id: street-floods, version: 2, detector: urban_flooding, min-reporters: 5, strong-rain-mm: 30}
          - id: queues
            version: 7
            detector: traffic_incident
            occupancy-difference: 10
            relative-difference: 0.45
            downstream-drop: 0.25
            compression-wave: 35
            speed-drop: 0
          - {id: jams, version: 3, detector: congestion, slow-below: 0.8, congested-below: 0.55, standstill-below: 0.3}
          - {id: crowd, version: 5, detector: accident_reports, min-reporters: 3}
          - id: dengue
            version: 2
            detector: disease_hotspot
            warm-above-c: 21
            pre-epidemic-per-100k: 10
            epidemic-per-100k: 30
            growth-probability: 0.9
            min-cases-red: 8
        """;
    java.time.Instant from = java.time.Instant.parse("2026-02-01T00:00:00Z");
    java.time.Instant now = java.time.Instant.parse("2026-01-31T12:00:00Z");
    var changes =
        RulePush.changes(
            CityRuleSet.parse("r.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            from,
            "eng",
            now);
    assertThat(changes)
        .extracting(org.cityops.events.RainRuleChange::ruleId)
        .containsExactly(
            "heavy-rain",
            "siren-level",
            "rivers",
            "street-floods",
            "queues",
            "jams",
            "crowd",
            "dengue");
    assertThat(changes.get(2))
        .isEqualTo(
            org.cityops.events.RainRuleChange.waterLevel(
                "rivers",
                4,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.WaterLevels(
                    2.5,
                    3.5,
                    4.5,
                    0.4,
                    java.util.List.of(
                        new org.cityops.events.RainRuleChange.StationStages(
                            "river-001", -0.5, 0.2, 1.0),
                        new org.cityops.events.RainRuleChange.StationStages(
                            "river-009", 1.0, 2.0, 3.0)))));
    assertThat(changes.get(3))
        .isEqualTo(
            org.cityops.events.RainRuleChange.urbanFlooding(
                "street-floods",
                2,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.UrbanFlooding(5, 30.0)));
    assertThat(changes.get(4))
        .isEqualTo(
            org.cityops.events.RainRuleChange.trafficIncident(
                "queues",
                7,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.California(10.0, 0.45, 0.25, 35.0, 0.0)));
    assertThat(changes.get(5))
        .isEqualTo(
            org.cityops.events.RainRuleChange.congestion(
                "jams",
                3,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.CongestionLevels(0.8, 0.55, 0.3)));
    assertThat(changes.get(6))
        .isEqualTo(
            org.cityops.events.RainRuleChange.accidentReports(
                "crowd",
                5,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.AccidentReports(3)));
    assertThat(changes.get(7))
        .isEqualTo(
            org.cityops.events.RainRuleChange.diseaseHotspot(
                "dengue",
                2,
                from,
                "eng",
                now,
                new org.cityops.events.RainRuleChange.DiseaseLevels(21.0, 10.0, 30.0, 0.9, 8)));
  }
}
