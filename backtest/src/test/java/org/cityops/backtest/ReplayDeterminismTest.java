package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.embedded.SharedData;
import org.cityops.events.EventJson;
import org.cityops.events.IncidentType;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
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
    Backtest.Result again =
        Backtest.run(readings, February2019.config(), 2, false, (n, t) -> {}, 100_000);
    List<String> second = again.incidents().stream().map(EventJson::writeString).toList();
    assertThat(second).isEqualTo(first);
    assertThat(again.detections()).isEqualTo(February2019.backtest().detections());
    assertThat(again.zoneRisks()).isEqualTo(February2019.backtest().zoneRisks());
    assertThat(again.stages()).isEqualTo(February2019.backtest().stages());
    assertThat(February2019.backtest().incidents())
        .extracting(i -> i.type())
        .as("every kind the rain job raises passes the lifecycle")
        .contains(
            IncidentType.HEAVY_RAIN,
            IncidentType.SIREN_LEVEL,
            IncidentType.SENSOR_MAINTENANCE,
            IncidentType.LANDSLIDE_RISK);

    System.out.printf(
        "replay determinism: %d incident versions from %d detection versions, identical in two"
            + " runs%n",
        first.size(), again.detections().size());
  }
}
