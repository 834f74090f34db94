package org.cityops.events;

import java.time.Instant;
import java.util.List;

/**
 * The warnings below Severe held for a resident during their quiet hours or over their hourly
 * limit, sent together when the hold ends, on MQTT {@code city/residents/<residentId>/digest}. Of
 * one incident only its newest message is kept; a warning that both began and ended while held is
 * left out (the resident never heard of it, so its all-clear would be noise). Built from state and
 * event time only: a re-send after a restart is the same bytes.
 *
 * @param identifier {@code digest:<residentId>:<epoch second of release>}, unique per resident
 * @param releasedAt when the hold ended (event time)
 * @param reason {@code quiet_hours} or {@code rate_limit}
 * @param items the notifications, oldest first; each has its own identifier, as if sent alone
 */
public record NotificationDigest(
    String residentId,
    String identifier,
    Instant releasedAt,
    String reason,
    List<Notification> items) {

  public static final String QUIET_HOURS = "quiet_hours";
  public static final String RATE_LIMIT = "rate_limit";

  public NotificationDigest {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
