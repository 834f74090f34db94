package org.cityops.jobs.landslide;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.lifecycle.SeverityHold;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RainWindow;

/**
 * The rain that makes each landslide level, per window: a zone is at a level when its 1 h, 24 h or
 * 96 h sum reaches that level's bound in that window (the highest level any window reaches wins).
 * Long windows stand for wet soil: 96 h of steady rain makes slopes fail under a shower that would
 * be harmless on dry ground.
 *
 * <p>The defaults are starting points in the range the Rio literature reports for Alerta Rio
 * (medium from about 10 mm/h, 50 mm/24 h, 100 mm/96 h; very high above about 50 mm/h, 175 mm/24 h,
 * 250 mm/96 h). GeoRio's geologists set the real ones per area; they belong in configuration, and
 * the backtest shows what a change would have done.
 */
public record LandslideThresholds(
    Bounds medium, Bounds high, Bounds veryHigh, Duration downgradeHold, Duration clearHold)
    implements Serializable {

  /** One level's bounds in mm; a sum at or above any of them reaches the level. */
  public record Bounds(double hourMm, double dayMm, double fourDaysMm) implements Serializable {
    boolean reachedBy(RainSums sums) {
      return sums.mm(RainWindow.H1) >= hourMm
          || sums.mm(RainWindow.H24) >= dayMm
          || sums.mm(RainWindow.H96) >= fourDaysMm;
    }
  }

  public static LandslideThresholds defaults() {
    return new LandslideThresholds(
        new Bounds(10, 50, 100),
        new Bounds(30, 100, 175),
        new Bounds(50, 175, 250),
        Duration.ofHours(1),
        Duration.ofHours(2));
  }

  public LandslideThresholds {
    rising("1h", medium.hourMm(), high.hourMm(), veryHigh.hourMm());
    rising("24h", medium.dayMm(), high.dayMm(), veryHigh.dayMm());
    rising("96h", medium.fourDaysMm(), high.fourDaysMm(), veryHigh.fourDaysMm());
    if (downgradeHold.isNegative() || clearHold.isNegative()) {
      throw new ConfigException("landslide.*-hold", "hold times must not be negative");
    }
  }

  private static void rising(String window, double medium, double high, double veryHigh) {
    if (!(medium > 0 && medium < high && high < veryHigh)) {
      throw new ConfigException(
          "landslide.*-" + window + "-mm",
          "bounds must rise: 0 < medium < high < very high, were "
              + medium
              + ", "
              + high
              + ", "
              + veryHigh);
    }
  }

  /** The level these sums make. Incomplete sums count as they are: a lower bound that crosses. */
  public LandslideLevel classify(RainSums sums) {
    if (veryHigh.reachedBy(sums)) {
      return LandslideLevel.VERY_HIGH;
    }
    if (high.reachedBy(sums)) {
      return LandslideLevel.HIGH;
    }
    return medium.reachedBy(sums) ? LandslideLevel.MEDIUM : LandslideLevel.LOW;
  }

  public SeverityHold holdRule() {
    return new SeverityHold(downgradeHold, clearHold);
  }
}
