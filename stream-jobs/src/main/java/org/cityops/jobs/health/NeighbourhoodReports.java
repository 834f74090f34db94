package org.cityops.jobs.health;

import java.time.LocalDate;

/**
 * Residents' reports of suspected dengue in one neighbourhood and epidemiological week (by the
 * report's time): a weaker signal than notifications, kept apart from them (no level, no hotspot
 * comes from it). Sent again, with higher counts, as the week's reports arrive.
 *
 * @param reports distinct reports (a report delivered twice counts once)
 * @param reporters distinct residents who reported
 */
public record NeighbourhoodReports(
    String neighbourhood, long weekStartDay, int reports, int reporters) {
  public LocalDate weekStart() {
    return LocalDate.ofEpochDay(weekStartDay);
  }
}
