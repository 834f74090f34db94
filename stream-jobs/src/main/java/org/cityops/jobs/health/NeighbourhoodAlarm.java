package org.cityops.jobs.health;

import java.time.LocalDate;
import org.cityops.events.Disease;
import org.cityops.jobs.health.methods.AlertLevels;

/**
 * Where one neighbourhood stands for one disease, sent to the hotspot function whenever it changes:
 * the level of its latest complete week and the day of its latest EARS alarm.
 *
 * @param lastEarsAlarm the latest day with an EARS alarm, or null for none within the history
 * @param asOf the reporting day it was computed on
 */
public record NeighbourhoodAlarm(
    String neighbourhood,
    Disease disease,
    AlertLevels.Level level,
    LocalDate weekStart,
    int weekCases,
    double incidencePer100k,
    LocalDate lastEarsAlarm,
    LocalDate asOf) {

  /** The same verdict, whatever the day it was computed. */
  boolean sameAs(NeighbourhoodAlarm other) {
    return other != null
        && level == other.level
        && java.util.Objects.equals(weekStart, other.weekStart)
        && weekCases == other.weekCases
        && java.util.Objects.equals(lastEarsAlarm, other.lastEarsAlarm);
  }
}
