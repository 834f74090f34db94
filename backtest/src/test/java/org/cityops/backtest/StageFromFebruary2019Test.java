package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.events.CityStage;
import org.cityops.events.Incident;
import org.cityops.events.Severity;
import org.cityops.jobs.alerts.CapMessages;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.incidents.StageRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The city's stage through February 2019, checked against the incidents themselves: at each
 * published change the stage is what the rules make of the incidents active at that instant, and a
 * lower stage comes only after the incidents called for less during the whole hold.
 */
class StageFromFebruary2019Test {
  @RegisterExtension static final MiniClusterExtension FLINK = February2019.miniCluster();
  private static final StageRules RULES = StageRules.from(new Settings(Map.of()));

  /**
   * Severities of the public incidents active at {@code t}, from their versions up to {@code t}.
   */
  private static List<Severity> activeAt(List<Incident> incidents, Instant t) {
    Map<String, Incident> latest = new HashMap<>();
    for (Incident i : incidents) {
      if (!i.updatedAt().isAfter(t) && CapMessages.affectsPublic(i.type())) {
        latest.merge(i.incidentId(), i, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    List<Severity> out = new ArrayList<>();
    latest.values().stream().filter(i -> i.status().isActive()).forEach(i -> out.add(i.severity()));
    return out;
  }

  @Test
  void eachStageIsWhatTheRulesMakeOfTheActiveIncidentsAndFallsOnlyAfterTheHold() throws Exception {
    Backtest.Result result = February2019.backtest();
    List<Incident> incidents = result.incidents();
    List<CityStage> stages = result.stages();
    assertThat(stages).isNotEmpty();
    TreeSet<Instant> changes = new TreeSet<>();
    incidents.forEach(i -> changes.add(i.updatedAt()));
    for (int k = 0; k < stages.size(); k++) {
      CityStage c = stages.get(k);
      assertThat(c.stage())
          .as("stage published at %s", c.since())
          .isEqualTo(RULES.stageOf(activeAt(incidents, c.since())).stage());
      if (k > 0) {
        int before = stages.get(k - 1).stage();
        assertThat(c.stage()).isNotEqualTo(before);
        if (c.stage() < before) {
          Instant holdStart = c.since().minus(RULES.downgradeHold());
          for (Instant t : changes.subSet(holdStart, true, c.since(), true)) {
            assertThat(RULES.stageOf(activeAt(incidents, t)).stage())
                .as("the incidents at %s called for less than %d", t, before)
                .isLessThan(before);
          }
        }
      }
    }
    Instant night6 = Instant.parse("2019-02-06T21:00:00Z");
    Instant morning7 = Instant.parse("2019-02-07T12:00:00Z");
    int highestThatNight =
        stages.stream()
            .filter(c -> !c.since().isBefore(night6) && c.since().isBefore(morning7))
            .mapToInt(CityStage::stage)
            .max()
            .orElse(0);
    System.out.printf(
        "City stage in February 2019: %d changes, highest on the night of 6 February %d; %s%n",
        stages.size(),
        highestThatNight,
        stages.stream().filter(c -> c.stage() >= 4).map(c -> c.stage() + "@" + c.since()).toList());
    assertThat(highestThatNight).isGreaterThanOrEqualTo(3);
  }
}
