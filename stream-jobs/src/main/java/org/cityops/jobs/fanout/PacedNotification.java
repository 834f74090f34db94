package org.cityops.jobs.fanout;

import org.cityops.events.Notification;
import org.cityops.events.Subscription;

/** A resident's notification on its way to the {@link NotificationPacer}, with their pacing. */
public record PacedNotification(Notification notification, Subscription.Pacing pacing) {

  public String residentId() {
    return notification.residentId();
  }
}
