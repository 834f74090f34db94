package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.RejectReason;
import org.cityops.events.ReportCategory;
import org.junit.jupiter.api.Test;

/** The jobs' parse of a {@code city.reports} record bounds a report's time as a reading's. */
class ParsedReportTest {
  private static final Instant WRITTEN = Instant.parse("2026-11-30T12:00:00Z");

  private static ParsedReport parse(Instant reportTime) {
    CitizenReport report =
        new CitizenReport(
            "report-1",
            ReportCategory.FLOODING,
            reportTime,
            new GeoPoint(-22.9, -43.2),
            "água na canela",
            null,
            "resident-1");
    return ParsedReport.parse(EventJson.write(report), WRITTEN.toEpochMilli());
  }

  @Test
  void aReportFromWithinADayOfItsRecordIsTakenOneFromLaterIsRefused() {
    assertThat(parse(WRITTEN.minus(Duration.ofHours(3))).report()).isNotNull();
    assertThat(parse(WRITTEN.plus(RecordTimeBound.TOLERANCE)).report()).isNotNull();
    ParsedReport ahead = parse(WRITTEN.plus(Duration.ofDays(30)));
    assertThat(ahead.report()).isNull();
    assertThat(ahead.rejected().reason()).isEqualTo(RejectReason.FUTURE_TIME);
    assertThat(ahead.rejected().source()).isEqualTo("flink:city.reports");
    assertThat(ahead.rejected().detail())
        .isEqualTo(
            "time 2026-12-30T12:00:00Z is more than 24 h after the record was written"
                + " (2026-11-30T12:00:00Z)");
  }
}
