package org.cityops.jobs.alerts;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.Category;
import org.cityops.events.CapAlert.Certainty;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.CapAlert.ResponseType;
import org.cityops.events.CapAlert.Urgency;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;

/**
 * Turns an incident version into a CAP message: which hazards warn the public, and how an
 * incident's kind, severity and evidence map onto CAP's category, urgency, certainty and response.
 * Pure and deterministic: the identifier is the incident id and version, {@code sent} its event
 * time, so the same version always gives the same message.
 */
public final class CapMessages {
  /**
   * Evidence that is no sensor's: residents' reports, and which rule version judged (bookkeeping: a
   * reports-only incident that names its rule is still reports only).
   */
  private static final Set<String> NOT_FROM_SENSORS =
      Set.of("reporters", "confidence", org.cityops.jobs.rain.RuleVersions.RULE_VERSION);

  private CapMessages() {}

  /** Whether residents are warned of this kind at all (a broken gauge is the city's business). */
  public static boolean affectsPublic(IncidentType type) {
    return type != IncidentType.SENSOR_MAINTENANCE;
  }

  /** True when some evidence came from a sensor: not residents' reports, not the rule version. */
  public static boolean sensorCorroborated(Incident incident) {
    return incident.evidence().stream()
        .map(Evidence::signal)
        .anyMatch(s -> !NOT_FROM_SENSORS.contains(s));
  }

  public static String identifier(Incident incident) {
    return incident.incidentId() + ":v" + incident.version();
  }

  public static CapAlert message(
      Incident incident, MsgType type, List<String> references, AlertConfig config) {
    boolean cancel = type == MsgType.Cancel;
    String event = event(incident.type());
    String place =
        incident.area().zone() != null
            ? incident.area().zone()
            : String.format(
                Locale.ROOT,
                "%.4f,%.4f",
                incident.area().center().lat(),
                incident.area().center().lon());
    CapAlert.Area area =
        new CapAlert.Area(
            place,
            polygons(incident.area()),
            List.of(
                String.format(
                    Locale.ROOT,
                    "%.5f,%.5f %.3f",
                    incident.area().center().lat(),
                    incident.area().center().lon(),
                    incident.area().radiusM() / 1000.0)));
    CapAlert.Info info =
        new CapAlert.Info(
            config.language(),
            List.of(category(incident.type())),
            event,
            List.of(cancel ? ResponseType.AllClear : response(incident)),
            cancel ? Urgency.Past : urgency(incident.severity()),
            incident.severity(),
            certainty(incident),
            CapAlert.capTime(incident.openedAt(), config.zone()),
            null,
            config.senderName(),
            (cancel ? "Encerrado: " : "") + event + " — " + place,
            description(incident),
            cancel ? "O alerta terminou." : instruction(incident),
            List.of(area));
    return new CapAlert(
        identifier(incident),
        config.sender(),
        CapAlert.capTime(incident.updatedAt(), config.zone()),
        config.status(),
        type,
        CapAlert.Scope.Public,
        references,
        incident.incidentId(),
        incident.version(),
        incident.type(),
        List.of(info));
  }

  /** An outline's rings as CAP polygons ({@code lat,lon} pairs, closed). */
  static List<String> polygons(org.cityops.events.Area area) {
    if (area.outline() == null) {
      return List.of();
    }
    return area.outline().stream()
        .map(
            ring ->
                ring.points().stream()
                    .map(p -> String.format(Locale.ROOT, "%.5f,%.5f", p.lat(), p.lon()))
                    .collect(java.util.stream.Collectors.joining(" ")))
        .toList();
  }

  static Category category(IncidentType type) {
    return switch (type) {
      case LANDSLIDE_RISK -> Category.Geo;
      case TRAFFIC_INCIDENT, CONGESTION -> Category.Transport;
      case DISEASE_HOTSPOT -> Category.Health;
      default -> Category.Met;
    };
  }

  static String event(IncidentType type) {
    return switch (type) {
      case HEAVY_RAIN -> "Chuva forte";
      case SIREN_LEVEL -> "Chuva intensa, nível de acionamento das sirenes";
      case LANDSLIDE_RISK -> "Risco de deslizamento";
      case FLOOD_RISK -> "Risco de transbordamento de rio";
      case URBAN_FLOODING -> "Alagamento";
      case SENSOR_MAINTENANCE -> "Sensor fora de operação";
      case TRAFFIC_INCIDENT -> "Acidente ou obstrução na via";
      case CONGESTION -> "Trânsito lento";
      case DISEASE_HOTSPOT -> "Foco de transmissão de arbovirose (dengue, chikungunya, zika)";
    };
  }

  static Urgency urgency(Severity severity) {
    return switch (severity) {
      case EXTREME, SEVERE -> Urgency.Immediate;
      case MODERATE -> Urgency.Expected;
      case MINOR -> Urgency.Future;
    };
  }

  /** Measured hazards are observed; a landslide is a likelihood; reports alone are possible. */
  static Certainty certainty(Incident incident) {
    if (incident.type() == IncidentType.LANDSLIDE_RISK) {
      return Certainty.Likely;
    }
    return sensorCorroborated(incident) ? Certainty.Observed : Certainty.Possible;
  }

  static ResponseType response(Incident incident) {
    return switch (incident.type()) {
      case SIREN_LEVEL -> ResponseType.Shelter;
      case LANDSLIDE_RISK ->
          incident.severity().isAbove(Severity.MODERATE)
              ? ResponseType.Evacuate
              : ResponseType.Prepare;
      case URBAN_FLOODING, FLOOD_RISK, TRAFFIC_INCIDENT, CONGESTION -> ResponseType.Avoid;
      case HEAVY_RAIN, DISEASE_HOTSPOT -> ResponseType.Prepare;
      case SENSOR_MAINTENANCE -> ResponseType.None;
    };
  }

  static String instruction(Incident incident) {
    if (incident.type() == IncidentType.DISEASE_HOTSPOT) {
      return "Elimine água parada em vasos, pneus e caixas d'água; procure a unidade de saúde se"
          + " tiver febre, dor no corpo ou manchas na pele.";
    }
    return switch (response(incident)) {
      case Shelter -> "Dirija-se ao ponto de apoio da sua comunidade.";
      case Evacuate -> "Deixe áreas de encosta e siga as orientações da Defesa Civil.";
      case Avoid -> "Evite a área alagada e não atravesse ruas com água.";
      default -> "Acompanhe os avisos e evite deslocamentos desnecessários.";
    };
  }

  /**
   * The evidence, in words: each signal with its value and unit. The rule version that judged is
   * left out: residents read this text (the incident keeps it for operators and engineers).
   */
  static String description(Incident incident) {
    StringBuilder text = new StringBuilder();
    for (Evidence e : incident.evidence()) {
      if (e.signal().equals(org.cityops.jobs.rain.RuleVersions.RULE_VERSION)) {
        continue;
      }
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(e.signal())
          .append(' ')
          .append(String.format(Locale.ROOT, "%.1f", e.value()))
          .append(e.unit() == null ? "" : " " + e.unit())
          .append(" (")
          .append(e.sourceId())
          .append(')');
    }
    return text.isEmpty() ? event(incident.type()) : text.toString();
  }
}
