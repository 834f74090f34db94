package org.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test's own stand-in for Grafana's macro expansion, checked before the panels rely on it. */
class InfluxQlMacrosTest {

  @Test
  void intervalsAreWrittenInTheLargestUnitTheyDivideInto() {
    assertThat(InfluxQlMacros.literal(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(InfluxQlMacros.literal(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(InfluxQlMacros.literal(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(InfluxQlMacros.literal(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(InfluxQlMacros.literal(Duration.ofMillis(1_500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> InfluxQlMacros.literal(Duration.ZERO))
        .hasMessageContaining("must be positive");
  }

  @Test
  void macrosAndRegexVariablesExpandAndAnUnknownVariableFails() {
    Instant from = Instant.ofEpochMilli(1_000);
    Instant to = Instant.ofEpochMilli(61_000);
    String q =
        InfluxQlMacros.expand(
            "SELECT max(v) FROM m WHERE g =~ /^$gauge$/ AND $timeFilter GROUP BY time($__interval)",
            from,
            to,
            Duration.ofSeconds(10),
            Map.of("gauge", List.of("a.b", "c/d")));
    assertThat(q)
        .isEqualTo(
            "SELECT max(v) FROM m WHERE g =~ /^(a\\.b|c\\/d)$/ AND time >= 1000ms and time <="
                + " 61000ms GROUP BY time(10s)");
    assertThatThrownBy(
            () ->
                InfluxQlMacros.expand(
                    "SELECT v FROM m WHERE z = '$zone'", from, to, Duration.ofSeconds(1), Map.of()))
        .hasMessageContaining("$zone");
  }
}
