package org.cityops.jobs.rain;

import java.io.Serializable;

/**
 * The ids and versions of the rain rules a job starts with. A rules file gives its own; thresholds
 * from single settings are version 0 of {@code heavy-rain}, {@code siren-level} and {@code
 * landslide-risk}, {@code water-level} and {@code urban-flooding} (each also when a rules file has
 * no rule of its own for it), so that any version pushed at run time ({@code city.control},
 * versions from 1) takes over.
 */
public record StartingRules(
    String heavyRainId,
    long heavyRainVersion,
    String sirenLevelId,
    long sirenLevelVersion,
    String landslideRiskId,
    long landslideRiskVersion,
    String waterLevelId,
    long waterLevelVersion,
    String urbanFloodingId,
    long urbanFloodingVersion)
    implements Serializable {
  public static final StartingRules FROM_SETTINGS =
      new StartingRules(
          "heavy-rain",
          0,
          "siren-level",
          0,
          "landslide-risk",
          0,
          "water-level",
          0,
          "urban-flooding",
          0);
}
