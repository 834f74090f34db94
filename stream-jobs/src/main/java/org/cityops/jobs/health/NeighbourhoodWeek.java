package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import org.cityops.events.Disease;
import org.cityops.jobs.health.methods.AlertLevels;

/**
 * One epidemiological week of one neighbourhood and disease, by onset: a time-series point for the
 * Health dashboard. A late notification that changes the week sends it again with the next {@code
 * revision}; the store keeps the latest (same tags, same time).
 *
 * @param weekStartDay the week's Sunday, as an epoch day
 * @param epiWeek the week's label, {@code 202409}
 * @param rt InfoDengue's Rt, or null while there is too little history
 * @param minTemperatureC the week's mean daily minimum at the nearest station, or null
 * @param asOf the reporting day this revision was computed on
 */
public record NeighbourhoodWeek(
    String neighbourhood,
    Disease disease,
    long weekStartDay,
    int epiWeek,
    int cases,
    double incidencePer100k,
    Double rt,
    double probabilityRtAboveOne,
    Double minTemperatureC,
    AlertLevels.Level level,
    int revision,
    Instant asOf) {

  public LocalDate weekStart() {
    return LocalDate.ofEpochDay(weekStartDay);
  }

  /** The same week as revision {@code n}, computed at {@code at}. */
  NeighbourhoodWeek asRevision(int n, Instant at) {
    return new NeighbourhoodWeek(
        neighbourhood,
        disease,
        weekStartDay,
        epiWeek,
        cases,
        incidencePer100k,
        rt,
        probabilityRtAboveOne,
        minTemperatureC,
        level,
        n,
        at);
  }

  /** Whether {@code other} says the same about the week, whatever its revision and date. */
  boolean sameAs(NeighbourhoodWeek other) {
    return other != null
        && cases == other.cases
        && Math.abs(probabilityRtAboveOne - other.probabilityRtAboveOne) < 1e-9
        && java.util.Objects.equals(minTemperatureC, other.minTemperatureC)
        && level == other.level;
  }
}
