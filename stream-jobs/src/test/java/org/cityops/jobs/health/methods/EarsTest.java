package org.cityops.jobs.health.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * EARS C1, C2 and C3 against R's surveillance package: {@code ears-reference.csv} was made by
 * {@code make-ears-reference.R} beside it (the series is in the file's header); every day's upper
 * bound and alarm must agree.
 */
class EarsTest {
  private record Row(
      String method, double alpha, double minSigma, int day, double upper, int alarm) {}

  private static int[] counts;
  private static final List<Row> ROWS = new ArrayList<>();

  static {
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    EarsTest.class.getResourceAsStream("/health/ears/ears-reference.csv")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("# counts (day 1 first):")) {
          counts =
              Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split(" "))
                  .mapToInt(Integer::parseInt)
                  .toArray();
        } else if (!line.startsWith("#") && !line.startsWith("method")) {
          String[] f = line.split(",");
          ROWS.add(
              new Row(
                  f[0],
                  Double.parseDouble(f[1]),
                  Double.parseDouble(f[2]),
                  Integer.parseInt(f[3]),
                  Double.parseDouble(f[4]),
                  Integer.parseInt(f[5])));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyUpperBoundAndAlarmAgreesWithRsSurveillancePackage() {
    assertThat(counts).hasSize(120);
    assertThat(ROWS).hasSize(2 * (113 + 111 + 109));
    int alarms = 0;
    for (Row row : ROWS) {
      Ears ears =
          row.method().equals("C3")
              ? new Ears(7, 0.001, row.alpha(), row.minSigma())
              : new Ears(7, row.alpha(), 0.025, row.minSigma());
      // R counts days from 1
      Ears.Result result = ears.evaluate(Ears.Method.valueOf(row.method()), counts, row.day() - 1);
      assertThat(result).as("%s", row).isNotNull();
      assertThat(result.upperBound()).as("%s", row).isCloseTo(row.upper(), within(1e-9));
      assertThat(result.alarm()).as("%s", row).isEqualTo(row.alarm() == 1);
      alarms += row.alarm();
    }
    // the comparison means something only if both answers occur
    assertThat(alarms).isBetween(10, ROWS.size() - 10);
  }

  @Test
  void theOutbreakFromDaySeventyAlarmsOnItsFirstDayUnderC1AndC2ButNotBefore() {
    Ears ears = Ears.defaults();
    assertThat(ears.evaluate(Ears.Method.C1, counts, 69).alarm()).isTrue();
    assertThat(ears.evaluate(Ears.Method.C2, counts, 69).alarm()).isTrue();
    assertThat(ears.evaluate(Ears.Method.C1, counts, 68).alarm()).isFalse();
  }

  @Test
  void tooShortAHistoryGivesNoVerdict() {
    Ears ears = Ears.defaults();
    assertThat(ears.evaluate(Ears.Method.C1, counts, 6)).isNull();
    assertThat(ears.evaluate(Ears.Method.C1, counts, 7)).isNotNull();
    assertThat(ears.evaluate(Ears.Method.C2, counts, 8)).isNull();
    assertThat(ears.evaluate(Ears.Method.C3, counts, 10)).isNull();
    assertThat(ears.evaluate(Ears.Method.C3, counts, 11)).isNotNull();
    assertThat(ears.evaluate(Ears.Method.C1, counts, counts.length)).isNull();
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new Ears(2, 0.001, 0.025, 0)).hasMessageContaining("baseline of 3");
    assertThatThrownBy(() -> new Ears(7, 0, 0.025, 0)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new Ears(7, 0.001, 1, 0)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new Ears(7, 0.001, 0.025, -1)).hasMessageContaining("minSigma");
  }
}
