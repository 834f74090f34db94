package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.ingestion.alertario.AlertaRioRow;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine's rolling sums against Alerta Rio's own columns, for every gauge and every 15-minute
 * row of February 2019: wherever a window lies within the file and holds no missing value (the
 * engine's completeness flag), the two must agree to the tenth of a millimetre.
 */
class OfficialSumsTest {
  @RegisterExtension static final MiniClusterExtension FLINK = February2019.miniCluster();

  private static final Map<RainWindow, Double> HOURS =
      Map.of(RainWindow.H1, 1.0, RainWindow.H4, 4.0, RainWindow.H24, 24.0, RainWindow.H96, 96.0);

  @Test
  void everyCompleteWindowEqualsAlertaRiosOfficialSum() throws Exception {
    Backtest.Result result = February2019.backtest();
    Map<String, RainSums> engine = new HashMap<>();
    for (RainSums s : result.sums()) {
      engine.put(s.gaugeId() + "@" + s.windowEnd(), s); // a later emission for the same end wins
    }
    Map<RainWindow, Integer> compared = new EnumMap<>(RainWindow.class);
    Map<RainWindow, Integer> skipped = new EnumMap<>(RainWindow.class);
    List<String> mismatches = new ArrayList<>();
    List<AlertaRioRow> rows = February2019.officialRows();

    for (AlertaRioRow row : rows) {
      RainSums sums = engine.get(row.station() + "@" + row.time());
      assertThat(sums).as("engine sums for %s at %s", row.station(), row.time()).isNotNull();
      for (Map.Entry<RainWindow, Double> w : HOURS.entrySet()) {
        Double official = row.official(w.getValue());
        if (official == null || !sums.complete(w.getKey())) {
          skipped.merge(w.getKey(), 1, Integer::sum);
          continue;
        }
        compared.merge(w.getKey(), 1, Integer::sum);
        if (Math.abs(official - sums.mm(w.getKey())) > 0.05) {
          mismatches.add(
              row.station()
                  + " "
                  + row.time()
                  + " "
                  + w.getKey()
                  + ": official "
                  + official
                  + ", engine "
                  + sums.mm(w.getKey()));
        }
      }
    }
    System.out.printf(
        "Alerta Rio February 2019, %d rows of 33 gauges: windows compared %s, skipped "
            + "(missing value or reaching before the file) %s, mismatches %d; backtest took %d ms%n",
        rows.size(), compared, skipped, mismatches.size(), result.elapsed().toMillis());
    assertThat(mismatches).as("windows where the engine and Alerta Rio disagree").isEmpty();
    // Almost every row is comparable; the 96 h windows of the first four days are not.
    assertThat(compared.get(RainWindow.H1)).isGreaterThan(85_000);
    assertThat(compared.get(RainWindow.H96)).isGreaterThan(70_000);
  }
}
