package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.events.GeoPoint;

/**
 * A {@link CaseNotification} as the health job carries it between operators: the same facts, with
 * the day of first symptoms as an epoch day, because Flink's own serializers (the jobs allow no
 * Kryo) do not know {@link LocalDate}. Converted on parsing; {@link #toNotification()} gives the
 * contract record back (for rejections).
 */
public record CaseRecord(
    String notificationId,
    Disease disease,
    CaseNotification.Status status,
    long onsetDay,
    Instant notifiedAt,
    String neighbourhood,
    GeoPoint location,
    int cases,
    String healthUnit) {

  public static CaseRecord of(CaseNotification n) {
    return new CaseRecord(
        n.notificationId(),
        n.disease(),
        n.status(),
        n.symptomsOnset().toEpochDay(),
        n.notifiedAt(),
        n.neighbourhood(),
        n.location(),
        n.cases(),
        n.healthUnit());
  }

  public CaseNotification toNotification() {
    return new CaseNotification(
        notificationId,
        disease,
        status,
        symptomsOnset(),
        notifiedAt,
        neighbourhood,
        location,
        cases,
        healthUnit);
  }

  public LocalDate symptomsOnset() {
    return LocalDate.ofEpochDay(onsetDay);
  }

  /** Whether it counts towards the cases (suspected or confirmed). */
  public boolean counts() {
    return status != CaseNotification.Status.DISCARDED;
  }
}
