package org.cityops.ingestion.simulator.health;

/**
 * The synthetic dengue model's parameters (the README states the model):
 *
 * <ul>
 *   <li>Background: each neighbourhood's daily cases are Poisson with mean {@code population x
 *       baseWeeklyPer100k / 100,000 / 7 x season}, {@code season = 1 + seasonalAmplitude x cos(2 pi
 *       (day of year - peakDayOfYear) / 365)}: Rio's dengue peaks in March and April.
 *   <li>Outbreaks, {@code outbreaksPerYear} of them: a neighbourhood and up to {@code maxSize - 1}
 *       touching ones chosen at random, their rate multiplied by a factor drawn from {@code
 *       minMultiplier}..{@code maxMultiplier}, for {@code minWeeks}..{@code maxWeeks} weeks; no two
 *       share a neighbourhood while both last.
 *   <li>Reporting: a case is notified {@code 1 + Geometric(mean meanDelayDays - 1)} days after its
 *       symptoms start, or with probability {@code longDelayShare} 7 to 28 days after; {@code
 *       duplicateShare} of notifications are sent twice, {@code confirmShare} are confirmed by a
 *       second message 7 to 21 days later and {@code discardShare} discarded.
 *   <li>Temperature: weather stations report each day's minimum, {@code 21.5 + 3.5 cos(2 pi (day of
 *       year - 45) / 365)} degrees plus noise.
 * </ul>
 */
public record DengueModel(
    double baseWeeklyPer100k,
    double seasonalAmplitude,
    int peakDayOfYear,
    double outbreaksPerYear,
    double minMultiplier,
    double maxMultiplier,
    int maxSize,
    int minWeeks,
    int maxWeeks,
    double meanDelayDays,
    double longDelayShare,
    double duplicateShare,
    double confirmShare,
    double discardShare)
    implements java.io.Serializable {

  public DengueModel {
    if (!(baseWeeklyPer100k > 0) || !(seasonalAmplitude >= 0 && seasonalAmplitude < 1)) {
      throw new IllegalArgumentException(
          "the background needs a positive rate and a seasonal amplitude in [0, 1)");
    }
    if (!(minMultiplier >= 1 && maxMultiplier >= minMultiplier)
        || maxSize < 1
        || minWeeks < 1
        || maxWeeks < minWeeks) {
      throw new IllegalArgumentException("outbreak ranges must be non-empty and positive");
    }
    if (!(meanDelayDays >= 1)) {
      throw new IllegalArgumentException("the mean reporting delay is a day or more");
    }
  }

  /**
   * The outbreaks (3 to 5 times the rate, 1 to 4 touching neighbourhoods, 4 to 8 weeks), 8
   * a year, on a background of 40 cases per 100,000 a week (an endemic year in Rio) that varies by
   * 40 % with the season, with reporting delays, duplicates and revisions as surveillance data has
   * them.
   */
  public static DengueModel standard() {
    return new DengueModel(40, 0.4, 75, 8, 3, 5, 4, 4, 8, 3, 0.1, 0.02, 0.1, 0.05);
  }

  /** The background's weekly incidence per 100,000 at the height of the season. */
  public double peakWeeklyPer100k() {
    return baseWeeklyPer100k * (1 + seasonalAmplitude);
  }

  /** The same background with no outbreak: for counting false alarms. */
  public DengueModel withoutOutbreaks() {
    return new DengueModel(
        baseWeeklyPer100k,
        seasonalAmplitude,
        peakDayOfYear,
        0,
        minMultiplier,
        maxMultiplier,
        maxSize,
        minWeeks,
        maxWeeks,
        meanDelayDays,
        longDelayShare,
        duplicateShare,
        confirmShare,
        discardShare);
  }
}
