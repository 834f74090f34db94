package org.cityops.ingestion.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.cityops.embedded.SharedData;
import org.cityops.ingestion.alertario.AlertaRioLiveFeed;
import org.cityops.ingestion.alertario.AlertaRioRow;
import org.cityops.ingestion.alertario.AlertaRioStations;

/**
 * A snapshot of Alerta Rio's live feed, whatever its bytes: refused whole with an {@code
 * IllegalArgumentException} naming why, or read into rows of known stations whose values are
 * plausible (missing, or between 0 and the feed's plausible maximum); a bad row is a problem line,
 * never an exception. Plain runs replay the saved inputs; {@code ./fuzz.sh} fuzzes.
 */
class AlertaRioLiveFeedFuzzTest {
  private static final AlertaRioStations STATIONS = stations();

  private static AlertaRioStations stations() {
    try {
      return AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void aSnapshotIsReadIntoPlausibleRowsOrRefusedWhole(byte[] snapshot) {
    AlertaRioLiveFeed.Result result;
    try {
      result = AlertaRioLiveFeed.parse(snapshot, STATIONS);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("live feed snapshot");
      return;
    }
    for (AlertaRioRow row : result.rows()) {
      assertThat(row.station()).isNotBlank();
      assertThat(row.time()).isNotNull();
      for (Double mm : new Double[] {row.mm15(), row.mm1h(), row.mm4h(), row.mm24h()}) {
        if (mm != null) {
          assertThat(mm).isBetween(0.0, AlertaRioLiveFeed.MAX_PLAUSIBLE_MM);
        }
      }
    }
  }
}
