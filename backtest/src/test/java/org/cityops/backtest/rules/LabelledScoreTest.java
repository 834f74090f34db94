package org.cityops.backtest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cityops.backtest.rules.RuleSetDiff.Summary;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.junit.jupiter.api.Test;

class LabelledScoreTest {
  private static Instant at(String hhmm) {
    return Instant.parse("2019-02-06T" + hhmm + ":00Z");
  }

  private static Summary incident(
      String id, IncidentType type, String place, String from, String to) {
    return new Summary(id, type, place, at(from), at(to), Severity.MODERATE, 2, "");
  }

  private static final List<Summary> INCIDENTS =
      List.of(
          incident("hr-barrinha", IncidentType.HEAVY_RAIN, "barrinha", "21:00", "23:00"),
          incident("hr-tanque", IncidentType.HEAVY_RAIN, "tanque", "22:00", "23:00"),
          incident("siren-barrinha", IncidentType.SIREN_LEVEL, "barrinha", "21:30", "22:30"),
          incident("hr-grajau", IncidentType.HEAVY_RAIN, "grajau", "20:00", "20:30"));

  private static final Labels LABELS =
      Labels.parse(
          "labels.csv",
          List.of(
              Labels.HEADER,
              "# what the field teams and the operators said",
              "confirmed,heavy_rain,barrinha,2019-02-06T22:30:00Z,",
              "confirmed,siren_level,barrinha,2019-02-06T21:15:00Z,",
              "confirmed,heavy_rain,penha,2019-02-06T22:00:00Z,",
              "false_alarm,,,,hr-tanque"));

  @Test
  void precisionRecallAndLeadTimeByHand() {
    LabelledScore score = LabelledScore.of(INCIDENTS, LABELS, Duration.ofMinutes(30));
    // judged: hr-barrinha and siren-barrinha found events, hr-tanque was a false alarm;
    // hr-grajau nobody judged
    assertThat(score.judgedTrue()).isEqualTo(2);
    assertThat(score.judgedFalse()).isEqualTo(1);
    assertThat(score.unjudged()).isEqualTo(1);
    assertThat(score.precision()).isEqualTo(2 / 3.0);
    // penha's event had no incident
    assertThat(score.recall()).isEqualTo(2 / 3.0);
    assertThat(score.missed()).extracting(Labels.Confirmed::place).containsExactly("penha");
    // the heavy rain opened 90 min before its event; the sirens 15 min after theirs (within the
    // 30 min window)
    assertThat(score.leadTimes()).containsExactly(Duration.ofMinutes(-15), Duration.ofMinutes(90));
    assertThat(score.medianLeadTime()).contains(Duration.ofMinutes(-15));
    assertThat(score.report())
        .contains("precision 0.67 (2 of 3 judged incidents")
        .contains("recall 0.67 (2 of 3 confirmed events found)")
        .contains("missed (line 5): heavy_rain at penha");
  }

  @Test
  void aNarrowerWindowFindsLess() {
    LabelledScore score = LabelledScore.of(INCIDENTS, LABELS, Duration.ofMinutes(10));
    // the sirens opened 15 min after their event: outside 10 min
    assertThat(score.eventsFound()).isEqualTo(1);
    assertThat(score.judgedTrue()).isEqualTo(1);
  }

  @Test
  void badLabelFilesAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> Labels.parse("l.csv", List.of("kind,type")))
        .hasMessage("l.csv:1: the first line must be kind,type,place,time,incident_id");
    assertThatThrownBy(
            () ->
                Labels.parse(
                    "l.csv", List.of(Labels.HEADER, "confirmed,hail,x,2019-02-06T22:00:00Z,")))
        .hasMessage("l.csv:2: type 'hail' is not an incident type");
    assertThatThrownBy(
            () ->
                Labels.parse("l.csv", List.of(Labels.HEADER, "confirmed,heavy_rain,x,yesterday,")))
        .hasMessageStartingWith("l.csv:2: time 'yesterday' is not an ISO instant");
    assertThatThrownBy(
            () ->
                Labels.parse(
                    "l.csv", List.of(Labels.HEADER, "confirmed,heavy_rain,,2019-02-06T22:00:00Z,")))
        .hasMessage("l.csv:2: a confirmed event needs its place");
    assertThatThrownBy(() -> Labels.parse("l.csv", List.of(Labels.HEADER, "false_alarm,,,,")))
        .hasMessage("l.csv:2: a false alarm needs the incident_id it marks");
    assertThatThrownBy(
            () ->
                Labels.parse(
                    "l.csv", List.of(Labels.HEADER, "false_alarm,,,,a", "false_alarm,,,,a")))
        .hasMessage("l.csv:3: incident a is marked twice");
    assertThatThrownBy(() -> Labels.parse("l.csv", List.of(Labels.HEADER, "maybe,,,,a")))
        .hasMessage("l.csv:2: kind 'maybe' is neither confirmed nor false_alarm");
    assertThatThrownBy(() -> Labels.parse("l.csv", List.of(Labels.HEADER, "confirmed,heavy_rain")))
        .hasMessage("l.csv:2: has 2 fields, not 5");
  }
}
