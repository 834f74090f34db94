package org.cityops.jobs.health;

import java.time.LocalDate;
import org.cityops.events.Disease;
import org.cityops.jobs.health.methods.AlertLevels;

/**
 * Where one neighbourhood stands for one disease, sent to the hotspot function whenever it changes:
 * the level of its latest complete week and the day of its latest EARS alarm.
 *
 * @param weekStartDay the Sunday of the latest complete week (epoch day), or null before any
 * @param growthProbability P(Rt > 1) of the latest complete week
 * @param lastEarsAlarmDay the latest day with an EARS alarm (epoch day), or null for none within
 *     the history
 * @param asOfDay the reporting day it was computed on (epoch day)
 */
public record NeighbourhoodAlarm(
    String neighbourhood,
    Disease disease,
    AlertLevels.Level level,
    Long weekStartDay,
    int weekCases,
    double incidencePer100k,
    double growthProbability,
    Long lastEarsAlarmDay,
    long asOfDay) {

  public LocalDate weekStart() {
    return weekStartDay == null ? null : LocalDate.ofEpochDay(weekStartDay);
  }

  public LocalDate lastEarsAlarm() {
    return lastEarsAlarmDay == null ? null : LocalDate.ofEpochDay(lastEarsAlarmDay);
  }

  public LocalDate asOf() {
    return LocalDate.ofEpochDay(asOfDay);
  }

  /** The same verdict, whatever the day it was computed. */
  boolean sameAs(NeighbourhoodAlarm other) {
    return other != null
        && level == other.level
        && java.util.Objects.equals(weekStartDay, other.weekStartDay)
        && weekCases == other.weekCases
        && Math.abs(growthProbability - other.growthProbability) < 1e-9
        && java.util.Objects.equals(lastEarsAlarmDay, other.lastEarsAlarmDay);
  }
}
