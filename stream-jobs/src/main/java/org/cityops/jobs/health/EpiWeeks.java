package org.cityops.jobs.health;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.WeekFields;

/**
 * Epidemiological weeks as Brazil's surveillance (and the CDC's MMWR) counts them: Sunday to
 * Saturday; week 1 is the first week with at least four days in the year, so a week's year may not
 * be its Sunday's. Weeks are identified here by their Sunday.
 */
public final class EpiWeeks {
  private static final WeekFields EPI = WeekFields.of(DayOfWeek.SUNDAY, 4);

  private EpiWeeks() {}

  /** The Sunday the week of {@code day} starts on. */
  public static LocalDate start(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
  }

  /** The week's label as Brazil writes it, year then week: {@code 202409}. */
  public static int label(LocalDate day) {
    return day.get(EPI.weekBasedYear()) * 100 + day.get(EPI.weekOfWeekBasedYear());
  }
}
