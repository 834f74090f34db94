package org.cityops.jobs.fanout;

import org.cityops.events.CapAlert;
import org.cityops.events.Subscription;

/**
 * A warning that concerns a resident's place, before deduplication per resident, with the pacing
 * the resident chose (null: the job's default) as the match saw their subscription.
 */
public record ResidentAlert(
    String residentId, CapAlert alert, String place, Subscription.Pacing pacing) {

  public ResidentAlert(String residentId, CapAlert alert, String place) {
    this(residentId, alert, place, null);
  }
}
