package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A health unit's notification of cases of an arbovirus, as surveillance systems send them (one
 * case per notification, or a unit's count for a day). No personal data: {@code notificationId} is
 * the notifying system's opaque id; a notification sent again with the same id replaces the one
 * before (a suspected case confirmed, a date corrected, a case discarded), and is never counted
 * twice.
 *
 * <p>The place is a neighbourhood id or a location (mapped to a neighbourhood on arrival); at least
 * one must be given. {@code symptomsOnset} is the event time that counts go by; {@code notifiedAt}
 * is when the system learnt of the case, which may be weeks later.
 *
 * @param cases how many cases the notification counts; 1 when left out
 * @param healthUnit the notifying unit's code, optional
 */
public record CaseNotification(
    String notificationId,
    Disease disease,
    Status status,
    LocalDate symptomsOnset,
    Instant notifiedAt,
    String neighbourhood,
    GeoPoint location,
    Integer cases,
    String healthUnit) {

  /** The most cases one notification may count: a unit's day, not a city's year. */
  public static final int MAX_CASES = 1_000;

  /** Where a case stands. */
  public enum Status {
    @JsonProperty("suspected")
    SUSPECTED,
    @JsonProperty("confirmed")
    CONFIRMED,
    /** Investigated and found not to be the disease: it no longer counts. */
    @JsonProperty("discarded")
    DISCARDED
  }

  public CaseNotification {
    if (cases == null) {
      cases = 1;
    }
  }

  /** One suspected case of {@code disease} in a neighbourhood. */
  public static CaseNotification suspected(
      String id, Disease disease, LocalDate onset, Instant notifiedAt, String neighbourhood) {
    return new CaseNotification(
        id, disease, Status.SUSPECTED, onset, notifiedAt, neighbourhood, null, 1, null);
  }

  /** Whether it counts towards the cases (suspected or confirmed). */
  public boolean counts() {
    return status != Status.DISCARDED;
  }

  /** Checks the structural contract: required fields, a place, a count in range. */
  public CaseNotification validate() {
    Contract.text(notificationId, "notificationId", Reading.MAX_ID_LENGTH);
    Contract.present(disease, "disease");
    Contract.present(status, "status");
    Contract.present(symptomsOnset, "symptomsOnset");
    Contract.present(notifiedAt, "notifiedAt");
    Contract.optionalText(neighbourhood, "neighbourhood", 200);
    Contract.optionalText(healthUnit, "healthUnit", Reading.MAX_ID_LENGTH);
    Contract.require(
        neighbourhood != null || location != null,
        "neighbourhood",
        "a notification needs a neighbourhood or a location");
    if (location != null) {
      location.validate("location");
    }
    Contract.require(
        cases >= 1 && cases <= MAX_CASES,
        "cases",
        "must be between 1 and " + MAX_CASES + ", was " + cases);
    return this;
  }
}
