package org.cityops.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.embedded.SharedData;
import org.cityops.events.Reading;
import org.cityops.ingestion.alertario.AlertaRioArchive;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioRow;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;

/**
 * The February 2019 archive of all 33 gauges and one backtest over it, shared by the test classes
 * of this JVM (the run takes seconds; the checks only read its result).
 */
final class February2019 {
  static final Path FOLDER =
      SharedData.data("alertario/2019-02/barrinha_201902_Plv.csv").getParent();
  private static Backtest.Result result;
  private static List<AlertaRioRow> rows;

  private February2019() {}

  /** The MiniCluster the backtest tests share: two slots, as the backtest runs at parallelism 2. */
  static org.apache.flink.test.junit5.MiniClusterExtension miniCluster() {
    return new org.apache.flink.test.junit5.MiniClusterExtension(
        new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }

  static synchronized List<AlertaRioRow> officialRows() {
    if (rows == null) {
      try {
        rows = new ArrayList<>();
        for (Path file : AlertaRioArchive.files(FOLDER)) {
          rows.addAll(AlertaRioArchive.read(file));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The job's default settings, with Rio's rain zones. */
  static RainJobConfig config() {
    return RainJobConfig.from(
        new Settings(
            Map.of("rain.zones-file", SharedData.data("rio/rain-zones.geojson").toString())));
  }

  static synchronized Backtest.Result backtest() throws Exception {

    if (result == null) {
      AlertaRioStations stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
      List<Reading> readings = AlertaRioReadings.readFolder(FOLDER, stations);
      result = Backtest.run(readings, config(), 2, true, (n, t) -> {}, 100_000);
    }
    return result;
  }
}
