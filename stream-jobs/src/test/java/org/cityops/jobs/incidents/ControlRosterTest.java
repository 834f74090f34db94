package org.cityops.jobs.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.cityops.events.ControlMessage;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;

class ControlRosterTest {
  private static ControlMessage by(String actor, ControlMessage.Role role) {
    return new ControlMessage(
        "m", "i", ControlMessage.Action.APPROVE_WARNING, actor, role, Instant.EPOCH, null, null);
  }

  @Test
  void withoutARosterNobodyMayAct() {
    ControlRoster none = ControlRoster.from(new Settings(Map.of()));
    assertThat(none.refusal(by("ana", ControlMessage.Role.SUPERVISOR)))
        .isEqualTo("actor 'ana' is not on the roster");
  }

  @Test
  void theRosterGivesEachActorOneRole() {
    ControlRoster roster =
        ControlRoster.from(
            new Settings(Map.of("control.roster", " ana=Supervisor , bruno=operator")));
    assertThat(roster.refusal(by("ana", ControlMessage.Role.SUPERVISOR))).isNull();
    assertThat(roster.refusal(by("bruno", ControlMessage.Role.SUPERVISOR)))
        .isEqualTo("actor 'bruno' claims the role supervisor but is operator");
  }

  @Test
  void aMalformedRosterIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> ControlRoster.from(new Settings(Map.of("control.roster", "ana"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("control.roster")
        .hasMessageContaining("actor=role");
    assertThatThrownBy(
            () -> ControlRoster.from(new Settings(Map.of("control.roster", "ana=mayor"))))
        .hasMessageContaining("operator or supervisor");
  }
}
