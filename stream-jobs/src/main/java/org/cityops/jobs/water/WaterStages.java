package org.cityops.jobs.water;

import java.io.Serializable;
import org.cityops.events.Severity;

/**
 * A river or canal station's stage thresholds in metres: attention (watch it, Minor), alert
 * (overflow likely, Severe) and flood (out of its banks, Extreme).
 */
public record WaterStages(double attentionM, double alertM, double floodM) implements Serializable {

  public WaterStages {
    if (!(Double.isFinite(attentionM) && attentionM < alertM && alertM < floodM)) {
      throw new IllegalArgumentException(
          "stages must rise: attention < alert < flood, were "
              + attentionM
              + ", "
              + alertM
              + ", "
              + floodM);
    }
  }

  /** The severity of a level; null below attention. */
  public Severity classify(double levelM) {
    if (levelM >= floodM) {
      return Severity.EXTREME;
    }
    if (levelM >= alertM) {
      return Severity.SEVERE;
    }
    return levelM >= attentionM ? Severity.MINOR : null;
  }
}
