package org.cityops.jobs.fanout;

import java.util.Locale;
import org.cityops.events.CapAlert;
import org.cityops.events.ContractViolation;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;

/** A warning's circle, read back from its CAP area ({@code lat,lon radius-km}). */
public record WarningArea(GeoPoint center, double radiusM) {

  public static WarningArea of(CapAlert alert) {
    if (alert.info().isEmpty()
        || alert.info().get(0).area().isEmpty()
        || alert.info().get(0).area().get(0).circle().isEmpty()) {
      throw new ContractViolation("info[0].area[0].circle", "the fan-out needs a circle");
    }
    CapAlert.Circle c = alert.info().get(0).area().get(0).firstCircle();
    return new WarningArea(c.center(), c.radiusM());
  }

  /** Whether the place and this area overlap. */
  public boolean touches(Subscription.Place place) {
    return center.distanceMetresTo(place.center()) <= radiusM + place.radiusM();
  }

  /** The first place of {@code s} this area touches, if its kind is wanted; else null. */
  public Subscription.Place concerns(Subscription s, CapAlert alert) {
    if (!s.active() || (!s.kinds().isEmpty() && !s.kinds().contains(alert.hazard()))) {
      return null;
    }
    for (Subscription.Place p : s.places()) {
      if (touches(p)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.5f,%.5f %.0f m", center.lat(), center.lon(), radiusM);
  }
}
