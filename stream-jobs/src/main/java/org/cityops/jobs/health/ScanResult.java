package org.cityops.jobs.health;

import java.time.LocalDate;
import java.util.List;
import org.cityops.events.Disease;

/**
 * One day's space-time scan of one disease: the clusters significant at the configured level (the
 * most likely first), and the most likely cluster's p-value whether significant or not.
 *
 * @param epochDay the last day of the study period (the scan is prospective: windows end on it)
 * @param totalCases cases in the study period
 */
public record ScanResult(
    Disease disease,
    long epochDay,
    int totalCases,
    int replicas,
    double topPValue,
    List<Cluster> significant) {

  /**
   * A cluster of neighbourhoods over the last {@code windowDays}.
   *
   * @param neighbourhoods ids, nearest the centre first
   */
  public record Cluster(
      List<String> neighbourhoods,
      int windowDays,
      int observed,
      double expected,
      double logLikelihoodRatio,
      double pValue) {}

  public LocalDate day() {
    return LocalDate.ofEpochDay(epochDay);
  }

  /** The significant cluster holding {@code neighbourhood}, or null. */
  public Cluster clusterOf(String neighbourhood) {
    for (Cluster c : significant) {
      if (c.neighbourhoods().contains(neighbourhood)) {
        return c;
      }
    }
    return null;
  }
}
