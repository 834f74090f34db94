package org.cityops.ingestion.alertario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cityops.embedded.SharedData;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertaRioReadingsTest {
  @Test
  void anExportOfAnUnknownStationIsLeftOutAndNamedNeverSummed(@TempDir Path dir) throws Exception {
    Path urca = SharedData.data("alertario/2019-02/urca_201902_Plv.csv");
    Files.copy(urca, dir.resolve("urca_201902_Plv.csv"));
    Files.copy(urca, dir.resolve("atlantis_201902_Plv.csv"));
    AlertaRioStations stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));

    List<String> refused = new ArrayList<>();
    List<Reading> readings = AlertaRioReadings.readFolder(dir, stations, refused);
    assertThat(readings).isNotEmpty().extracting(Reading::sensorId).containsOnly("urca");
    assertThat(refused)
        .singleElement()
        .asString()
        .startsWith("atlantis_201902_Plv.csv: station 'atlantis' matches 0 gauges");
    assertThatThrownBy(() -> AlertaRioReadings.readFolder(dir, stations))
        .hasMessageContaining("unknown stations")
        .hasMessageContaining("atlantis");
  }
}
