package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.cityops.embedded.SharedData;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.jobs.common.Settings;

/** Rio's neighbourhoods and the default settings, read once per test JVM. */
final class HealthFixtures {
  private HealthFixtures() {}

  static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");
  static final HealthConfig CONFIG = config(Map.of());
  static final HealthAreas AREAS =
      HealthAreas.read(
          SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome", null, 30);

  static HealthConfig config(Map<String, String> settings) {
    return HealthConfig.from(new Settings(settings));
  }

  /** A neighbourhood's id by its name. */
  static String id(String name) {
    return AREAS.zones().zones().stream()
        .filter(z -> z.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** Noon in Rio on {@code day}. */
  static Instant noon(LocalDate day) {
    return day.atTime(12, 0).atZone(RIO).toInstant();
  }

  /** The start of the local day after {@code day}: the tick that evaluates {@code day}. */
  static long tickAfter(LocalDate day) {
    return day.plusDays(1).atStartOfDay(RIO).toInstant().toEpochMilli();
  }

  static CaseRecord dengue(String id, LocalDate onset, LocalDate notified, String place) {
    return CaseRecord.of(
        CaseNotification.suspected(id, Disease.DENGUE, onset, noon(notified), place));
  }
}
