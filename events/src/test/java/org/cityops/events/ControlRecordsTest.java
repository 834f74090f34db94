package org.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlRecordsTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

  private static boolean ruleChange(String json) {
    return ControlRecords.isRuleChange(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRuleChangeIsTheRecordWithATopLevelRuleId() {
    RainRuleChange change =
        new RainRuleChange(
            "heavy-rain",
            4,
            RainRuleChange.Detector.HEAVY_RAIN,
            T,
            "ana",
            T,
            5.0,
            30.0,
            50.0,
            null,
            null);
    ControlMessage action =
        new ControlMessage(
            "m1",
            "heavy_rain:gauge:tijuca",
            ControlMessage.Action.ACKNOWLEDGE,
            "ana",
            ControlMessage.Role.OPERATOR,
            T,
            null,
            "ruleId is a word an operator may write");

    assertThat(ControlRecords.isRuleChange(EventJson.write(change))).isTrue();
    assertThat(ControlRecords.isRuleChange(EventJson.write(action))).isFalse();
  }

  @Test
  void onlyTheTopLevelCounts() {
    assertThat(ruleChange("{\"note\":{\"ruleId\":\"x\"},\"action\":\"note\"}")).isFalse();
    assertThat(ruleChange("{\"area\":[{\"ruleId\":1}],\"ruleId\":\"later\"}")).isTrue();
    // a rule change with bad values is still one: the rain job refuses it, with the field
    assertThat(ruleChange("{\"ruleId\":null}")).isTrue();
    assertThat(ruleChange("{\"ruleId\":\"x\", broken")).isTrue();
  }

  @Test
  void whatIsNotAJsonObjectIsNotARuleChange() {
    assertThat(ControlRecords.isRuleChange(null)).isFalse();
    assertThat(ControlRecords.isRuleChange(new byte[0])).isFalse();
    assertThat(ruleChange("[\"ruleId\"]")).isFalse();
    assertThat(ruleChange("\"ruleId\"")).isFalse();
    assertThat(ruleChange("{\"action\":\"note\", \"ruleId")).isFalse();
    assertThat(ruleChange("{\"ruleid\":\"case matters\"}")).isFalse();
    assertThat(ControlRecords.isRuleChange(new byte[] {(byte) 0xff, (byte) 0xfe, 0})).isFalse();
    // hostile nesting before the field: refused by the parser's limits, not by the stack
    assertThat(ruleChange("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"ruleId\":1}"))
        .isFalse();
  }
}
