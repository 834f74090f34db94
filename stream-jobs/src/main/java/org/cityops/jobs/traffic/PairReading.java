package org.cityops.jobs.traffic;

/**
 * A detector's reading as one side of a detector pair.
 *
 * @param pairId the {@link org.cityops.roads.DetectorPair#id()}
 * @param upstream whether the reading is the pair's upstream detector's
 */
public record PairReading(String pairId, boolean upstream, DetectorReading reading) {}
