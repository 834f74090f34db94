package org.cityops.ingestion.alertario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityops.embedded.SharedData;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive of February 2019, read from ../shared as exported by Alerta Rio. */
class AlertaRioArchiveTest {
  private static final Path FEBRUARY =
      SharedData.data("alertario/2019-02/barrinha_201902_Plv.csv").getParent();

  private static AlertaRioRow at(List<AlertaRioRow> rows, String utc) {
    Instant t = Instant.parse(utc);
    return rows.stream()
        .filter(r -> r.time().equals(t))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row at " + utc));
  }

  @Test
  void theRepeatedHourAtTheEndOfSummerTimeBecomesTwoDistinctUtcHours() throws IOException {
    List<AlertaRioRow> rows = AlertaRioArchive.read(FEBRUARY.resolve("barrinha_201902_Plv.csv"));
    // 16/02 23:45 HBV (UTC-2) and the second 16/02 23:00 without HBV (UTC-3) are 15 minutes apart
    assertThat(at(rows, "2019-02-17T01:45:00Z").mm96h()).isEqualTo(31.2);
    assertThat(at(rows, "2019-02-17T02:00:00Z").mm96h()).isEqualTo(31.2);
    assertThat(at(rows, "2019-02-17T02:45:00Z").mm96h()).isEqualTo(31.0);
    assertThat(rows).hasSize(28 * 96 + 4);
  }

  @Test
  void everyFileHasStrictlyRisingTimesEvery15MinutesAndMatchesAGauge() throws IOException {
    AlertaRioStations stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
    List<Path> files = AlertaRioArchive.files(FEBRUARY);
    assertThat(files).hasSize(33);
    Set<String> gauges = new HashSet<>();
    for (Path file : files) {
      List<AlertaRioRow> rows = AlertaRioArchive.read(file);
      for (int i = 1; i < rows.size(); i++) {
        assertThat(Duration.between(rows.get(i - 1).time(), rows.get(i).time()))
            .as("%s row %d", file.getFileName(), i)
            .isEqualTo(Duration.ofMinutes(15));
      }
      assertThat(rows.get(0).time()).isEqualTo(Instant.parse("2019-02-01T02:00:00Z"));
      gauges.add(stations.forKey(AlertaRioArchive.stationOf(file)).name());
    }
    assertThat(gauges)
        .hasSize(33)
        .contains("Barra/Barrinha", "Est. Grajaú/Jacarepaguá", "Recreio dos Bandeirantes");
  }

  @Test
  void aWhollyMissingRowKeepsItsSlotInSummerTime() throws IOException {
    // Copacabana's "06/02/2019,11:30:00,nan,nan,..." lost its HBV mark with its values: still
    // summer time, so 13:30 UTC, not an hour later on top of the next real row
    List<AlertaRioRow> rows = AlertaRioArchive.read(FEBRUARY.resolve("copacabana_201902_Plv.csv"));
    AlertaRioRow gap = at(rows, "2019-02-06T13:30:00Z");
    assertThat(gap.mm15()).isNull();
    assertThat(gap.mm1h()).isNull();
  }

  @Test
  void missingValuesBecomeMissingReadingsNotZero() throws IOException {
    AlertaRioStations stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
    List<Reading> readings = AlertaRioReadings.readFolder(FEBRUARY, stations);
    assertThat(readings).hasSize(33 * (28 * 96 + 4));
    assertThat(readings)
        .filteredOn(r -> r.quality() == Quality.MISSING)
        .allSatisfy(r -> assertThat(r.rainMm()).isNull());
    assertThat(readings).filteredOn(r -> r.quality() == Quality.MISSING).hasSizeGreaterThan(0);
    for (int i = 1; i < readings.size(); i++) {
      assertThat(readings.get(i).time()).isAfterOrEqualTo(readings.get(i - 1).time());
    }
  }

  @Test
  void malformedExportsAreRefusedWithTheLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("urca_201902_Plv.csv");
    Files.writeString(
        file, "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n\n01/02/2019,00:00:00,HBV,0,0,0,0,0,0\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file))
        .hasMessageContaining(":3: expected 8 fields, found 9");
    Files.writeString(file, "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n01/02/2019,00:00:00\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file))
        .hasMessageContaining(":2: expected 8 fields, found 2");
    Files.writeString(
        file, "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n01/02/2019,00:00:00,HBV,1.2\n");
    assertThat(AlertaRioArchive.read(file).get(0))
        .satisfies(
            r -> {
              assertThat(r.mm15()).isEqualTo(1.2);
              assertThat(r.mm1h()).isNull(); // cut short: missing, not zero
            });

    Files.writeString(
        file,
        "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n31/02/2019,00:00:00,HBV,0.0,0.0,0.0,0.0,0.0\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file)).hasMessageContaining(":2:");
    Files.writeString(
        file,
        "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n01/02/2019,00:00:00,XYZ,0.0,0.0,0.0,0.0,0.0\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file))
        .hasMessageContaining("HBV column must be");
    Files.writeString(file, "date,time\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file))
        .hasMessageContaining("expected the header");
    assertThatThrownBy(() -> AlertaRioArchive.stationOf(dir.resolve("urca.csv")))
        .hasMessageContaining("not named like");
  }

  @Test
  void valuesOutsideTheExportsNumberSyntaxOrRangeAreRefusedWithColumnAndLine(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("urca_201902_Plv.csv");
    // Java reads all of these as numbers; an export never writes them.
    Map<String, String> hostile =
        Map.of(
            "NaN", "'NaN' is not a number of millimetres",
            "Infinity", "'Infinity' is not a number of millimetres",
            "-1.0", "'-1.0' is not a number of millimetres",
            "1e3", "'1e3' is not a number of millimetres",
            "0x1p3", "'0x1p3' is not a number of millimetres",
            "2d", "'2d' is not a number of millimetres",
            "2500.0", "2500.0 mm is out of range");
    for (Map.Entry<String, String> value : hostile.entrySet()) {
      Files.writeString(
          file,
          "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n"
              + "01/02/2019,00:00:00,HBV,0.0,0.0,"
              + value.getKey()
              + ",0.0,0.0\n");
      assertThatThrownBy(() -> AlertaRioArchive.read(file))
          .as(value.getKey())
          .hasMessageContaining(":2: column '04 h': " + value.getValue());
    }
    String huge = "9".repeat(100_000);
    Files.writeString(
        file, "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n01/02/2019,00:00:00,HBV," + huge + "\n");
    assertThatThrownBy(() -> AlertaRioArchive.read(file))
        .hasMessageContaining("is not a number of millimetres")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000)); // quoted clipped
  }

  @Test
  void irregularSecondsAreRoundedToTheMinute(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("urca_201002_Plv.csv");
    Files.writeString(
        file,
        "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h\n05/04/2010,20:14:58,nan,3.2,9.0,9.0,9.0,9.0\n");
    assertThat(AlertaRioArchive.read(file).get(0).time())
        .isEqualTo(Instant.parse("2010-04-05T23:15:00Z"));
  }
}
