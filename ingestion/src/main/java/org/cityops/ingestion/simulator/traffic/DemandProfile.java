package org.cityops.ingestion.simulator.traffic;

import java.time.LocalTime;

/**
 * Daily traffic demand on an arterial as a share of its capacity: quiet nights, a morning rush
 * peaking at 08:00 and an evening rush at 18:00, a steady middle of the day. Linear between the
 * hours below; the same every day (the simulator has no weekends).
 */
public final class DemandProfile {
  private static final double[][] SHARE_AT_HOUR = {
    {0, 0.10},
    {5, 0.10},
    {7, 0.75},
    {8, 0.92},
    {9, 0.70},
    {12, 0.60},
    {16, 0.65},
    {18, 0.92},
    {19, 0.75},
    {21, 0.40},
    {24, 0.10}
  };

  private DemandProfile() {}

  /** Demand as a share of capacity at this time of day, 0.10 to 0.92. */
  public static double share(LocalTime time) {
    double hour = time.toSecondOfDay() / 3600.0;
    for (int i = 1; i < SHARE_AT_HOUR.length; i++) {
      if (hour <= SHARE_AT_HOUR[i][0]) {
        double h0 = SHARE_AT_HOUR[i - 1][0];
        double h1 = SHARE_AT_HOUR[i][0];
        double s0 = SHARE_AT_HOUR[i - 1][1];
        double s1 = SHARE_AT_HOUR[i][1];
        return s0 + (s1 - s0) * (hour - h0) / (h1 - h0);
      }
    }
    return SHARE_AT_HOUR[SHARE_AT_HOUR.length - 1][1];
  }

  /** Whether this is one of the two rush periods (07:00 to 09:00, 17:00 to 19:00). */
  public static boolean rushHour(LocalTime time) {
    int h = time.getHour();
    return (h >= 7 && h < 9) || (h >= 17 && h < 19);
  }
}
