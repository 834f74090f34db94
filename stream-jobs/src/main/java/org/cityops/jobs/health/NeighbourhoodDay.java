package org.cityops.jobs.health;

import java.time.LocalDate;
import org.cityops.events.Disease;

/**
 * One day of one neighbourhood and disease, by notification date, with the EARS verdicts on it (a
 * statistic is null where the baseline is too short or flat without a floor).
 *
 * @param notified notifications that arrived that day
 */
public record NeighbourhoodDay(
    String neighbourhood,
    Disease disease,
    long epochDay,
    int notified,
    Double c1,
    Double c2,
    Double c3,
    boolean alarmC1,
    boolean alarmC2,
    boolean alarmC3) {
  public LocalDate day() {
    return LocalDate.ofEpochDay(epochDay);
  }

  public boolean anyAlarm() {
    return alarmC1 || alarmC2 || alarmC3;
  }
}
