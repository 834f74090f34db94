package org.cityops.jobs.health;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneMap;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Puts each notification in its neighbourhood and refuses, with a reason, what cannot be counted: a
 * neighbourhood id not on the map or a location outside every neighbourhood ({@code unknown_area}),
 * symptoms that start after the day of notification ({@code future_time}), symptoms older than the
 * weeks the job still revises ({@code late}). Stateless; keyed by notification id only so that a
 * notification's versions keep their order on the way to {@link CaseDeduplication}.
 */
public final class CasePlacement extends KeyedProcessFunction<String, CaseRecord, PlacedCase> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("cases-not-placed");

  /** How far outside its polygons a location still belongs to the nearest neighbourhood. */
  static final double NEAR_METRES = 200;

  private final ZoneMap neighbourhoods;
  private final int revisedDays;
  private final ZoneId timeZone;

  /**
   * @param revised how far back from its notification an onset may lie
   * @param timeZone the city's, for the day a notification was made
   */
  public CasePlacement(ZoneMap neighbourhoods, Duration revised, ZoneId timeZone) {
    this.neighbourhoods = neighbourhoods;
    this.revisedDays = (int) revised.toDays();
    this.timeZone = timeZone;
  }

  @Override
  public void processElement(CaseRecord n, Context ctx, Collector<PlacedCase> out) {
    LocalDate notified = n.notifiedAt().atZone(timeZone).toLocalDate();
    Optional<String> place =
        n.neighbourhood() != null
            ? neighbourhoods.byId(n.neighbourhood()).map(Zone::id)
            : neighbourhoods.zoneAtOrNear(n.location(), NEAR_METRES).map(Zone::id);
    if (place.isEmpty()) {
      reject(
          ctx,
          n,
          RejectReason.UNKNOWN_AREA,
          n.neighbourhood() != null
              ? "neighbourhood " + n.neighbourhood() + " is not on the job's map"
              : "location " + n.location() + " is in no neighbourhood");
    } else if (n.symptomsOnset().isAfter(notified)) {
      reject(
          ctx,
          n,
          RejectReason.FUTURE_TIME,
          "symptoms from " + n.symptomsOnset() + " start after the notification on " + notified);
    } else if (n.symptomsOnset().isBefore(notified.minusDays(revisedDays))) {
      reject(
          ctx,
          n,
          RejectReason.LATE,
          "symptoms from "
              + n.symptomsOnset()
              + " are older than the "
              + revisedDays
              + " days before the notification that counts are still revised for");
    } else {
      out.collect(new PlacedCase(n, place.get()));
    }
  }

  private static void reject(Context ctx, CaseRecord n, RejectReason reason, String detail) {
    ctx.output(
        REJECTED,
        RejectedOutput.of(
            "city.cases:" + n.notificationId(),
            reason,
            detail,
            EventJson.write(n.toNotification()),
            n.notifiedAt().toEpochMilli()));
  }
}
