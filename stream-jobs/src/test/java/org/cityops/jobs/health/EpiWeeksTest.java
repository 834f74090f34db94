package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EpiWeeksTest {
  @Test
  void weeksRunSundayToSaturdayAndBelongToTheYearOfMostOfTheirDays() {
    // 2020 had 53 epidemiological weeks: the last ended on Saturday 2 January 2021
    assertThat(EpiWeeks.label(LocalDate.parse("2021-01-01"))).isEqualTo(202053);
    assertThat(EpiWeeks.label(LocalDate.parse("2021-01-02"))).isEqualTo(202053);
    assertThat(EpiWeeks.label(LocalDate.parse("2021-01-03"))).isEqualTo(202101);
    // week 1 of 2024 began on Sunday 31 December 2023
    assertThat(EpiWeeks.label(LocalDate.parse("2023-12-30"))).isEqualTo(202352);
    assertThat(EpiWeeks.label(LocalDate.parse("2023-12-31"))).isEqualTo(202401);
    assertThat(EpiWeeks.label(LocalDate.parse("2024-03-01"))).isEqualTo(202409);
    assertThat(EpiWeeks.start(LocalDate.parse("2024-03-01")))
        .isEqualTo(LocalDate.parse("2024-02-25"))
        .matches(d -> d.getDayOfWeek() == DayOfWeek.SUNDAY);
  }

  @Test
  void labelsAreThoseOfWeekFieldsOnEveryDayOfTwoCenturies() {
    int days = 0;
    for (LocalDate d = LocalDate.parse("1950-01-01");
        d.isBefore(LocalDate.parse("2150-01-01"));
        d = d.plusDays(1)) {
      assertThat(EpiWeeks.label(d)).as("%s", d).isEqualTo(EpiWeeks.labelByWeekFields(d));
      days++;
    }
    assertThat(days).isEqualTo(73_049);
  }
}
