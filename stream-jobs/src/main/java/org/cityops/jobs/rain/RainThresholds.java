package org.cityops.jobs.rain;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.lifecycle.SeverityHold;

/**
 * Rain thresholds in mm and the hold times of the rain incidents.
 *
 * @param moderateMm lowest hourly sum that is moderate (Alerta Rio: 5)
 * @param strongMm lowest hourly sum that is strong (Alerta Rio: 25.1)
 * @param veryStrongMm hourly sums above this are very strong (Alerta Rio: 50)
 * @param sirenHourMm hourly sum at which the community sirens sound (Rio: 40)
 * @param sirenDayMm 24 h sum at which the community sirens sound (Rio: 125)
 * @param downgradeHold how long the rain must stay in a lower class before the severity falls
 * @param clearHold how long the rain must stay normal before an incident clears
 */
public record RainThresholds(
    double moderateMm,
    double strongMm,
    double veryStrongMm,
    double sirenHourMm,
    double sirenDayMm,
    Duration downgradeHold,
    Duration clearHold)
    implements Serializable {

  /** The incidents' hold rule. */
  public SeverityHold holdRule() {
    return new SeverityHold(downgradeHold, clearHold);
  }

  public static RainThresholds alertaRio() {
    return new RainThresholds(5, 25.1, 50, 40, 125, Duration.ofMinutes(30), Duration.ofMinutes(60));
  }

  public RainThresholds {
    if (!(moderateMm > 0 && moderateMm < strongMm && strongMm < veryStrongMm)) {
      throw new ConfigException(
          "rain.*-mm",
          "thresholds must rise: 0 < moderate < strong < very strong, were "
              + moderateMm
              + ", "
              + strongMm
              + ", "
              + veryStrongMm);
    }
    if (!(sirenHourMm > 0 && sirenDayMm > 0)) {
      throw new ConfigException("rain.siren-*-mm", "siren levels must be positive");
    }
    if (downgradeHold.isNegative() || clearHold.isNegative()) {
      throw new ConfigException("rain.*-hold", "hold times must not be negative");
    }
  }
}
