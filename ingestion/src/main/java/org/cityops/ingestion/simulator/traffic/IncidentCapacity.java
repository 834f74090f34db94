package org.cityops.ingestion.simulator.traffic;

/**
 * The share of a road's capacity left when an incident blocks lanes. Blocking one lane of two
 * leaves far less than half, because drivers merge and slow to look: the figures are those of the
 * Highway Capacity Manual (2010, Exhibit 10-17, "proportion of freeway segment capacity available
 * under incident conditions"), for two to four lanes in the direction of travel.
 */
public final class IncidentCapacity {
  // rows: lanes in the direction (2, 3, 4); columns: lanes blocked (0, 1, 2, 3)
  private static final double[][] SHARE = {
    {1.00, 0.35, 0.00, 0.00},
    {1.00, 0.49, 0.17, 0.00},
    {1.00, 0.58, 0.25, 0.13},
  };

  private IncidentCapacity() {}

  /** Capacity left, 0 to 1; a road of one lane, or all lanes blocked, is shut. */
  public static double share(int lanes, int blocked) {
    if (blocked <= 0) {
      return 1;
    }
    if (lanes <= 1 || blocked >= lanes) {
      return 0;
    }
    int row = Math.min(lanes, 4) - 2;
    return SHARE[row][Math.min(blocked, 3)];
  }
}
