package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.embedded.SharedData;
import org.cityops.events.EventJson;
import org.cityops.events.IncidentType;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replay must re-send identical bytes: incidents are built from state and event time, never from
 * the clock or from the order in which parallel subtasks happen to deliver. Two backtests of the
 * same month, at parallelism 2, must agree to the byte.
 */
class ReplayDeterminismTest {
  @RegisterExtension static final MiniClusterExtension FLINK = February2019.miniCluster();

  @Test
  void twoReplaysOfTheMonthEmitTheSameIncidentsByteForByte() throws Exception {
    List<String> first =
        February2019.backtest().incidents().stream().map(EventJson::writeString).toList();
    var readings =
        AlertaRioReadings.readFolder(
            February2019.FOLDER, AlertaRioStations.load(SharedData.data("rio/rain-gauges.json")));
    List<String> second =
        Backtest.run(
                readings,
                RainJobConfig.from(new Settings(Map.of())),
                2,
                false,
                (n, t) -> {},
                100_000)
            .incidents()
            .stream()
            .map(EventJson::writeString)
            .toList();
    assertThat(second).isEqualTo(first);
    assertThat(February2019.backtest().incidents())
        .extracting(i -> i.type())
        .contains(
            IncidentType.HEAVY_RAIN, IncidentType.SIREN_LEVEL, IncidentType.SENSOR_MAINTENANCE);
    System.out.printf(
        "replay determinism: %d incident versions, identical in two runs%n", first.size());
  }
}
