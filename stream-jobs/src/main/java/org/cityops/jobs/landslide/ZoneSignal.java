package org.cityops.jobs.landslide;

/**
 * What {@link LandslideRiskFunction} takes per rain zone on its one keyed input: a gauge's sums or
 * a gauge's status, exactly one of them set (the rules come on its broadcast input).
 */
public record ZoneSignal(ZonedRain rain, GaugeStatus status) {
  public static ZoneSignal of(ZonedRain rain) {
    return new ZoneSignal(rain, null);
  }

  public static ZoneSignal of(GaugeStatus status) {
    return new ZoneSignal(null, status);
  }

  /** The rain zone it concerns: the key. */
  public String zoneId() {
    return rain != null ? rain.zone().id() : status.zone().id();
  }
}
