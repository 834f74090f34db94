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

  /**
   * The week's label as Brazil writes it, year then week: {@code 202409}. A week belongs to the
   * year that holds at least four of its days, which is the year of its Wednesday, and counts from
   * that year's first such week: so the label comes from the Wednesday's day of the year. (The same
   * as {@link WeekFields} with Sunday and 4 days, a tenth of the time: the health job labels every
   * week of its history for each neighbourhood every day.)
   */
  public static int label(LocalDate day) {
    LocalDate wednesday = start(day).plusDays(3);
    return wednesday.getYear() * 100 + (wednesday.getDayOfYear() - 1) / 7 + 1;
  }

  /** The label by {@link WeekFields}: the definition {@link #label} is checked against. */
  static int labelByWeekFields(LocalDate day) {
    return day.get(EPI.weekBasedYear()) * 100 + day.get(EPI.weekOfWeekBasedYear());
  }
}
