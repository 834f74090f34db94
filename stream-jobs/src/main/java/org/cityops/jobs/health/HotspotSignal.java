package org.cityops.jobs.health;

/**
 * What the hotspot function is given for a disease (the key): a neighbourhood's changed alarm, or
 * the day's scan (one of the two is set). One keyed input, because the rule versions take the
 * operator's other input.
 */
public record HotspotSignal(NeighbourhoodAlarm alarm, ScanResult scan) {
  public static HotspotSignal of(NeighbourhoodAlarm alarm) {
    return new HotspotSignal(alarm, null);
  }

  public static HotspotSignal of(ScanResult scan) {
    return new HotspotSignal(null, scan);
  }

  /** The disease's code: the key. */
  public String disease() {
    return alarm != null ? alarm.disease().code() : scan.disease().code();
  }
}
