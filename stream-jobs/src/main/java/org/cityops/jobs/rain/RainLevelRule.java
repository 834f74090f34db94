package org.cityops.jobs.rain;

import java.io.Serializable;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;

/**
 * What a rain-level incident watches: which incident type, which sums make which severity.
 * Implementations are immutable and serializable (they travel with the job).
 */
public interface RainLevelRule extends Serializable {
  IncidentType type();

  /** The severity these sums call for, or null when they are normal. */
  Severity classify(RainSums sums);

  /** Heavy rain: Alerta Rio's hourly intensity strong (Moderate) or very strong (Severe). */
  static RainLevelRule heavyRain(RainThresholds thresholds) {
    return new HeavyRain(thresholds);
  }

  /** Community siren level: 40 mm in 1 h or 125 mm in 24 h (Extreme: people must leave). */
  static RainLevelRule sirenLevel(RainThresholds thresholds) {
    return new SirenLevel(thresholds);
  }

  /** See {@link #heavyRain}. */
  record HeavyRain(RainThresholds thresholds) implements RainLevelRule {
    @Override
    public IncidentType type() {
      return IncidentType.HEAVY_RAIN;
    }

    @Override
    public Severity classify(RainSums sums) {
      RainIntensity intensity = RainIntensity.of(sums.rain1hMm(), thresholds);
      return intensity.isHeavy() ? intensity.severity() : null;
    }
  }

  /** See {@link #sirenLevel}. */
  record SirenLevel(RainThresholds thresholds) implements RainLevelRule {
    @Override
    public IncidentType type() {
      return IncidentType.SIREN_LEVEL;
    }

    @Override
    public Severity classify(RainSums sums) {
      boolean siren =
          sums.rain1hMm() >= thresholds.sirenHourMm()
              || sums.rain24hMm() >= thresholds.sirenDayMm();
      return siren ? Severity.EXTREME : null;
    }
  }
}
