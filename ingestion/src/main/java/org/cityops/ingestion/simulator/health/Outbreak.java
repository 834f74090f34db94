package org.cityops.ingestion.simulator.health;

import java.time.LocalDate;
import java.util.List;

/**
 * Ground truth: an outbreak's neighbourhoods, first and last day of raised rate, and the factor.
 */
public record Outbreak(
    int number, List<String> neighbourhoods, LocalDate start, LocalDate end, double multiplier) {

  public boolean covers(String neighbourhood, LocalDate day) {
    return neighbourhoods.contains(neighbourhood) && !day.isBefore(start) && !day.isAfter(end);
  }
}
