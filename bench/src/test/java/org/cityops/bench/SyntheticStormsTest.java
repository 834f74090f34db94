package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;

class SyntheticStormsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void readingsComeInTimeOrderOnePerGaugeAndStep() {
    SyntheticStorms storms = new SyntheticStorms(7, 100, T0, Duration.ofMinutes(15));
    List<Reading> all = new ArrayList<>();
    storms.forEach(all::add);
    assertThat(all).hasSize(100);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      Reading r = all.get(i);
      assertThat(keys.add(r.dedupKey())).isTrue();
      assertThat(r.sensorId()).isEqualTo(SyntheticStorms.gaugeId(i % 7));
      assertThat(r.time()).isEqualTo(T0.plus(Duration.ofMinutes(15L * (i / 7))));
      if (i > 0) {
        assertThat(r.time()).isAfterOrEqualTo(all.get(i - 1).time());
      }
    }
    assertThat(storms.end()).isEqualTo(all.get(99).time());
  }

  @Test
  void aStormCrossesEveryGaugeWithinTwoDaysAndItIsDryMostOfTheTime() {
    SyntheticStorms storms = new SyntheticStorms(100, 100 * 200, T0, Duration.ofMinutes(15));
    for (int gauge = 0; gauge < 100; gauge++) {
      double peak = 0;
      int dry = 0;
      for (long step = 0; step < 200; step++) {
        double mm = storms.rainMm(gauge, step);
        assertThat(mm).isBetween(0.0, 12.0);
        assertThat(Math.abs(mm * 5 - Math.round(mm * 5))).isLessThan(1e-9); // 0.2 mm buckets
        peak = Math.max(peak, mm);
        dry += mm == 0 ? 1 : 0;
      }
      // 25.1 mm in an hour is Alerta Rio's "strong"; 4 readings near the crest exceed it
      assertThat(peak * 4).as("gauge %d", gauge).isGreaterThan(25.1);
      assertThat(dry).isGreaterThan(100);
    }
  }

  @Test
  void gaugesLieInsideRio() {
    SyntheticStorms storms = new SyntheticStorms(1000, 1000, T0, Duration.ofMinutes(15));
    for (int gauge = 0; gauge < 1000; gauge++) {
      assertThat(storms.location(gauge).lat()).isBetween(-23.08, -22.75);
      assertThat(storms.location(gauge).lon()).isBetween(-43.79, -43.10);
    }
  }

  @Test
  void refusesAnEmptyRun() {
    assertThatThrownBy(() -> new SyntheticStorms(0, 10, T0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SyntheticStorms(1, 10, T0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
