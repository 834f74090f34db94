package org.cityops.jobs.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.events.Area;
import org.cityops.events.CapAlert;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;
import org.cityops.jobs.alerts.AlertConfig;
import org.cityops.jobs.alerts.CapMessages;
import org.cityops.jobs.common.Settings;

/** Warnings as the alerts job makes them, around Barrinha, and residents near and far. */
final class FanOutFixtures {
  static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  static final GeoPoint BARRINHA = new GeoPoint(-23.008, -43.299);
  static final GeoPoint NEAR_BARRINHA = new GeoPoint(-23.000, -43.300); // ~0.9 km away
  static final GeoPoint COPACABANA = new GeoPoint(-22.971, -43.186); // ~12 km away
  static final AlertConfig CONFIG = AlertConfig.from(new Settings(Map.of()));

  private FanOutFixtures() {}

  static Incident incident(
      String id,
      IncidentType type,
      GeoPoint center,
      long v,
      Severity s,
      int minute,
      boolean active) {
    Instant at = T0.plus(Duration.ofMinutes(minute));
    return new Incident(
        id,
        type,
        new Area(center, 2_000, null),
        s,
        active ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
        List.of(new Evidence("rain_1h_mm", "barrinha", at, 40, "mm")),
        v,
        T0,
        at,
        active ? null : at);
  }

  /** The CAP messages of one incident's versions, each referencing the earlier ones. */
  static List<CapAlert> messages(List<Incident> versions) {
    List<CapAlert> out = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int k = 0; k < versions.size(); k++) {
      Incident v = versions.get(k);
      CapAlert.MsgType type =
          !v.status().isActive()
              ? CapAlert.MsgType.Cancel
              : k == 0 ? CapAlert.MsgType.Alert : CapAlert.MsgType.Update;
      CapAlert m = CapMessages.message(v, type, List.copyOf(refs), CONFIG);
      refs.add(m.asReference());
      out.add(m);
    }
    return out;
  }

  /** Heavy rain at Barrinha: Alert, Update (Severe), Cancel. */
  static List<CapAlert> heavyRain() {
    String id = "heavy_rain:barrinha:1";
    return messages(
        List.of(
            incident(id, IncidentType.HEAVY_RAIN, BARRINHA, 1, Severity.MODERATE, 0, true),
            incident(id, IncidentType.HEAVY_RAIN, BARRINHA, 2, Severity.SEVERE, 15, true),
            incident(id, IncidentType.HEAVY_RAIN, BARRINHA, 3, Severity.SEVERE, 120, false)));
  }

  /** Landslide risk in the same cells, still in force at the end. */
  static List<CapAlert> landslide() {
    String id = "landslide_risk:barra:1";
    return messages(
        List.of(
            incident(
                id, IncidentType.LANDSLIDE_RISK, NEAR_BARRINHA, 1, Severity.MODERATE, 5, true)));
  }

  static Subscription resident(String id, GeoPoint where, List<IncidentType> kinds) {
    return new Subscription(
        id,
        List.of(new Subscription.Place("home", where, 200)),
        kinds,
        true,
        T0.minusSeconds(3600));
  }
}
