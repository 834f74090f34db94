package org.cityops.jobs.health;

import java.time.LocalDate;
import org.cityops.events.Disease;

/** The cases of one neighbourhood, disease and onset day, now: sent whenever it changes. */
public record OnsetCount(String neighbourhood, Disease disease, long epochDay, int count) {
  public LocalDate day() {
    return LocalDate.ofEpochDay(epochDay);
  }
}
