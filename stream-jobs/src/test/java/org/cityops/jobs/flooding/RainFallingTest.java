package org.cityops.jobs.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.cityops.events.ContractViolation;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.RainRuleChange;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainSums;
import org.junit.jupiter.api.Test;

class RainFallingTest {
  private static final Instant T = Instant.parse("2024-04-09T03:00:00Z");

  private static RainSums lastHour(double mm) {
    return new RainSums(
        "g-1", new GeoPoint(-22.97, -43.2), T, 0, mm, mm, mm, mm, true, true, true, true, true);
  }

  @Test
  void aDryHourStaysInTheSumsThreadAndAnyRainGoesOn() {
    RainFalling falling = new RainFalling();
    assertThat(falling.filter(lastHour(0))).isFalse();
    assertThat(falling.filter(lastHour(0.1))).isTrue();
    assertThat(falling.filter(lastHour(80))).isTrue();
  }

  /** Why the filter changes nothing: no bound that lets a dry hour through can be set. */
  @Test
  void noSettingAndNoPushedRuleCanCallADryHourStrong() {
    assertThatThrownBy(
            () -> FloodingConfig.from(new Settings(Map.of("flooding.strong-rain-mm", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flooding.strong-rain-mm");
    // the job takes pushed versions only through this reader (city.control)
    RainRuleChange dry =
        RainRuleChange.urbanFlooding(
            "urban-flooding", 2, T, "eng", T, new RainRuleChange.UrbanFlooding(3, 0.0));
    assertThatThrownBy(() -> EventJson.readRainRuleChange(EventJson.write(dry)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("flooding.strongRainMm");
  }
}
