package org.cityops.jobs.health;

import java.io.Serializable;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.health.methods.AlertLevels;
import org.cityops.jobs.health.methods.Ears;
import org.cityops.jobs.health.methods.ReproductionNumber;

/**
 * How the disease detectors judge ({@code health.*}); parsed once, validated, immutable. Defaults
 * are the references': R surveillance's EARS, InfoDengue's rules and Rio thresholds, SaTScan's
 * usual scan limits.
 *
 * @param historyWeeks weeks of counts kept per neighbourhood: the levels' and Rt's memory
 * @param revisedWeeks how far back a late notification still changes a week, its levels and its
 *     detections; older onsets are refused as {@code late}
 * @param timeZone the city's, for days and epidemiological weeks
 * @param defaultPopulation the population of a neighbourhood the population file does not list
 * @param ears the daily early-aberration methods, on counts by notification day
 * @param levels InfoDengue's levels, on weekly counts by onset
 * @param generationMeanWeeks the generation interval for Rt (dengue: 3 weeks)
 * @param generationSdWeeks its standard deviation (1.2)
 * @param scan the confirming space-time scan
 * @param hotspots what joins neighbourhoods into one hotspot incident
 */
public record HealthConfig(
    int historyWeeks,
    int revisedWeeks,
    String timeZone,
    int defaultPopulation,
    EarsSettings ears,
    AlertLevels.Settings levels,
    double generationMeanWeeks,
    double generationSdWeeks,
    Scan scan,
    Hotspots hotspots)
    implements Serializable {

  /** EARS as R's surveillance package runs it ({@code health.ears.*}). */
  public record EarsSettings(int baseline, double alphaC1C2, double alphaC3, double minSigma)
      implements Serializable {
    public Ears methods() {
      return new Ears(baseline, alphaC1C2, alphaC3, minSigma);
    }
  }

  /**
   * Kulldorff's space-time permutation scan ({@code health.scan.*}), run once a day per disease
   * over the last {@code studyDays} of onsets.
   *
   * @param replicas Monte Carlo permutations (999 gives p-values down to 0.001)
   * @param alpha a cluster with a p-value at or below this confirms
   */
  public record Scan(
      int studyDays, int maxWindowDays, int maxAreas, double maxRadiusM, int replicas, double alpha)
      implements Serializable {}

  /**
   * @param earsRecentDays an EARS alarm this recent, in a significant scan cluster, puts a
   *     neighbourhood in alarm
   * @param adjacencyToleranceM borders this close count as touching
   * @param outlineToleranceM the merged outline is simplified to about this
   */
  public record Hotspots(int earsRecentDays, double adjacencyToleranceM, double outlineToleranceM)
      implements Serializable {}

  /** The same, with {@code levels}. */
  public HealthConfig withLevels(AlertLevels.Settings levels) {
    return new HealthConfig(
        historyWeeks,
        revisedWeeks,
        timeZone,
        defaultPopulation,
        ears,
        levels,
        generationMeanWeeks,
        generationSdWeeks,
        scan,
        hotspots);
  }

  public ReproductionNumber reproductionNumber() {
    return new ReproductionNumber(generationMeanWeeks, generationSdWeeks, 12);
  }

  public static HealthConfig from(Settings s) {
    int history = s.integer("health.history-weeks", 26, 8, 104);
    int revised = s.integer("health.revised-weeks", 8, 1, 52);
    if (revised >= history) {
      throw new ConfigException(
          "health.revised-weeks",
          "must be fewer than health.history-weeks (" + history + "), was " + revised);
    }
    String zone = s.text("health.time-zone", "America/Sao_Paulo");
    try {
      java.time.ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("health.time-zone", "is not a time zone: '" + zone + "'");
    }
    AlertLevels.Settings rio = AlertLevels.Settings.infoDengueRio();
    AlertLevels.Settings levels;
    try {
      levels =
          new AlertLevels.Settings(
              s.number("health.levels.warm-above-c", rio.warmAboveC(), -10, 40),
              s.number("health.levels.pre-epidemic-per-100k", rio.preEpidemicPer100k(), 0, 10_000),
              s.number("health.levels.epidemic-per-100k", rio.epidemicPer100k(), 0, 100_000),
              s.number("health.levels.growth-probability", rio.growthProbability(), 0.5, 0.9999),
              s.integer("health.levels.min-cases-red", rio.minCasesRed(), 0, 1_000),
              delays(s, "yellow", rio.yellow()),
              delays(s, "orange", rio.orange()),
              delays(s, "red", rio.red()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("health.levels", e.getMessage());
    }
    int studyDays = s.integer("health.scan.study-days", 84, 7, 365);
    int window = s.integer("health.scan.max-window-days", 14, 1, 180);
    if (window * 2 > studyDays) {
      throw new ConfigException(
          "health.scan.max-window-days",
          "must be at most half of health.scan.study-days ("
              + studyDays
              + "), so a window has a baseline; was "
              + window);
    }
    return new HealthConfig(
        history,
        revised,
        zone,
        s.integer("health.default-population", 40_000, 100, 10_000_000),
        new EarsSettings(
            s.integer("health.ears.baseline", 7, 3, 28),
            s.number("health.ears.alpha", 0.001, 1e-6, 0.5),
            s.number("health.ears.alpha-c3", 0.025, 1e-6, 0.5),
            s.number("health.ears.min-sigma", 0.5, 0, 100)),
        levels,
        s.number("health.rt.generation-mean-weeks", 3, 0.5, 10),
        s.number("health.rt.generation-sd-weeks", 1.2, 0.1, 10),
        new Scan(
            studyDays,
            window,
            s.integer("health.scan.max-areas", 10, 1, 200),
            s.number("health.scan.max-radius-m", 5_000, 0, 100_000),
            s.integer("health.scan.replicas", 999, 9, 99_999),
            s.number("health.scan.alpha", 0.01, 0.0001, 0.5)),
        new Hotspots(
            s.integer("health.hotspots.ears-recent-days", 7, 1, 60),
            s.number("health.hotspots.adjacency-tolerance-m", 30, 0, 1_000),
            s.number("health.hotspots.outline-tolerance-m", 25, 0, 1_000)));
  }

  private static AlertLevels.Delays delays(Settings s, String level, AlertLevels.Delays d) {
    return new AlertLevels.Delays(
        s.integer("health.levels." + level + "-weeks-on", d.weeksOn(), 1, 12),
        s.integer("health.levels." + level + "-weeks-off", d.weeksOff(), 1, 12));
  }
}
