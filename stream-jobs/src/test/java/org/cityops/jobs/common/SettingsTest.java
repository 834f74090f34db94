package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Duration MIN = Duration.ZERO;
  private static final Duration MAX = Duration.ofDays(1);

  @Test
  void readsBothArgumentForms() {
    Settings s = Settings.fromArgs(new String[] {"--a", "1", "--b=two", "--c=x=y"});
    assertThat(s.integer("a", 0, 0, 10)).isEqualTo(1);
    assertThat(s.text("b", null)).isEqualTo("two");
    assertThat(s.text("c", null)).isEqualTo("x=y");
    s.requireAllUsed();
  }

  @Test
  void malformedArgumentsAreNamed() {
    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"a", "1"}))
        .hasMessage("setting 'a' is not of the form --key value");
    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"--a"}))
        .hasMessage("setting 'a' has no value");
    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"--a", "1", "--a=2"}))
        .hasMessage("setting 'a' is given twice");
  }

  @Test
  void durationsInIsoOrShortForm() {
    Settings s = new Settings(Map.of("a", "PT15M", "b", "500ms", "c", "30s", "d", "4h", "e", "2d"));
    assertThat(s.duration("a", MIN, MIN, MAX)).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.duration("b", MIN, MIN, MAX)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.duration("c", MIN, MIN, MAX)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.duration("d", MIN, MIN, MAX)).isEqualTo(Duration.ofHours(4));
    assertThatThrownBy(() -> s.duration("e", MIN, MIN, MAX))
        .hasMessage("setting 'e' must be between PT0S and PT24H, was PT48H");
    assertThat(s.duration("missing", Duration.ofSeconds(7), MIN, MAX))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void badValuesNameTheirSetting() {
    Settings s =
        new Settings(
            Map.of("n", "many", "i", "1.5", "d", "15x", "e", "", "c", "purple", "r", "NaN"));
    assertThatThrownBy(() -> s.number("n", 0, 0, 1))
        .hasMessage("setting 'n' must be a number, was 'many'");
    assertThatThrownBy(() -> s.number("r", 0, 0, 1))
        .hasMessage("setting 'r' must be between 0.0 and 1.0, was NaN");
    assertThatThrownBy(() -> s.integer("i", 0, 0, 9))
        .hasMessage("setting 'i' must be a whole number, was '1.5'");
    assertThatThrownBy(() -> s.duration("d", MIN, MIN, MAX))
        .hasMessageStartingWith("setting 'd' must be a duration");
    assertThatThrownBy(() -> s.text("e", null)).hasMessage("setting 'e' is required");
    assertThatThrownBy(() -> s.choice("c", java.time.DayOfWeek.class, null))
        .hasMessageStartingWith("setting 'c' must be one of [MONDAY");
  }

  @Test
  void unknownSettingIsAnErrorNotIgnored() {
    Settings s = new Settings(Map.of("known", "1", "typo", "2"));
    s.integer("known", 0, 0, 9);
    assertThatThrownBy(s::requireAllUsed)
        .hasMessage("setting 'typo' is not a known setting; known settings are [known]");
  }
}
