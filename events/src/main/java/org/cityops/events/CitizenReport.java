package org.cityops.events;

import java.time.Instant;

/**
 * A resident's report. {@code reporterId} is a pseudonym made at ingestion (a keyed hash of the
 * phone number or account); names and phone numbers never travel past ingestion.
 */
public record CitizenReport(
    String reportId,
    ReportCategory category,
    Instant time,
    GeoPoint location,
    String text,
    String photoUrl,
    String reporterId) {

  public static final int MAX_TEXT_LENGTH = 2_000;

  public CitizenReport validate() {
    Contract.text(reportId, "reportId", Reading.MAX_ID_LENGTH);
    Contract.present(category, "category");
    Contract.present(time, "time");
    Contract.present(location, "location").validate("location");
    Contract.optionalText(text, "text", MAX_TEXT_LENGTH);
    Contract.optionalText(photoUrl, "photoUrl", 1_000);
    if (photoUrl != null) {
      Contract.require(
          photoUrl.startsWith("https://") || photoUrl.startsWith("http://"),
          "photoUrl",
          "must be an http(s) URL");
    }
    Contract.text(reporterId, "reporterId", Reading.MAX_ID_LENGTH);
    return this;
  }
}
