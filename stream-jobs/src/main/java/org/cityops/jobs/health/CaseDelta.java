package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import org.cityops.events.Disease;

/**
 * A change to the count of one neighbourhood, disease and onset day: {@code +cases} for a new
 * notification, {@code -cases} for one withdrawn (discarded, or corrected to another day or place,
 * which then comes as a {@code +} of its own).
 *
 * @param arrival whether this is a notification's first arrival: the count by notification date
 *     that EARS watches grows only by arrivals
 */
public record CaseDelta(
    String neighbourhood,
    Disease disease,
    long onsetDay,
    int delta,
    boolean arrival,
    Instant notifiedAt) {

  public LocalDate onset() {
    return LocalDate.ofEpochDay(onsetDay);
  }

  /** The key the neighbourhood's surveillance runs under: neighbourhood and disease. */
  public String areaKey() {
    return key(neighbourhood, disease);
  }

  public static String key(String neighbourhood, Disease disease) {
    return neighbourhood + "|" + disease.code();
  }
}
