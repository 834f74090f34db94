package org.cityops.ingestion.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.cityops.ingestion.alertario.AlertaRioArchive;
import org.cityops.ingestion.alertario.AlertaRioLiveFeed;
import org.cityops.ingestion.alertario.AlertaRioRow;

/**
 * An Alerta Rio archive export, whatever its bytes: refused whole with an {@code IOException} that
 * names the export and (past the header) the line, or read into rows whose times are real instants
 * and whose values are missing or between 0 and the plausible maximum. Plain runs replay the saved
 * inputs; {@code ./fuzz.sh} fuzzes.
 */
class AlertaRioArchiveFuzzTest {
  private static final String SOURCE = "fuzzed_201902_Plv.csv";

  @FuzzTest(maxDuration = "30s")
  void anExportIsReadIntoPlausibleRowsOrRefusedWithItsLine(byte[] export) {
    List<AlertaRioRow> rows;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(export), StandardCharsets.UTF_8))) {
      rows = AlertaRioArchive.read("fuzzed", in, SOURCE);
    } catch (IOException refused) {
      assertThat(refused.getMessage()).startsWith(SOURCE + ":");
      assertThat(refused.getMessage()).hasSizeLessThan(2_000);
      return;
    }
    for (AlertaRioRow row : rows) {
      assertThat(row.station()).isEqualTo("fuzzed");
      // dd/MM/yyyy, four digits of year, at UTC-2 or UTC-3
      assertThat(row.time().atZone(ZoneOffset.UTC).getYear()).isBetween(0, 10_000);
      for (Double mm :
          new Double[] {row.mm15(), row.mm1h(), row.mm4h(), row.mm24h(), row.mm96h()}) {
        if (mm != null) {
          assertThat(mm).isBetween(0.0, AlertaRioLiveFeed.MAX_PLAUSIBLE_MM);
        }
      }
    }
  }
}
