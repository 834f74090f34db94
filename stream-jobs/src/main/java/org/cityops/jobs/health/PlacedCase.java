package org.cityops.jobs.health;

import java.time.LocalDate;

/** A notification whose neighbourhood is known (given, or found from its location). */
public record PlacedCase(CaseRecord notification, String neighbourhood) {
  public String id() {
    return notification.notificationId();
  }

  public LocalDate onset() {
    return notification.symptomsOnset();
  }

  /** Whether {@code other} says the same thing: same disease, status, onset, place and count. */
  public boolean sameFactsAs(PlacedCase other) {
    CaseRecord a = notification;
    CaseRecord b = other.notification;
    return neighbourhood.equals(other.neighbourhood)
        && a.disease() == b.disease()
        && a.status() == b.status()
        && a.onsetDay() == b.onsetDay()
        && a.cases() == b.cases();
  }
}
