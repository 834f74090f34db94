package org.cityops.events;

import java.util.List;

/**
 * All public warnings in force in one H3 cell, the retained MQTT message of {@code
 * city/alerts/cells/<cell>}: MQTT keeps one retained message per topic, so the cell's message lists
 * every warning, and cancelling one republishes the list without it (an empty list when none is
 * left). Built from the warnings only, so a re-publish after a restart is byte-identical.
 *
 * @param cell the H3 cell index (resolution 8), hexadecimal
 */
public record CellWarnings(String cell, List<Warning> warnings) {
  public CellWarnings {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** One warning's summary: enough for an app to show it and fetch the rest. */
  public record Warning(
      String identifier,
      String incidentId,
      IncidentType hazard,
      Severity severity,
      String headline,
      String sent) {}
}
