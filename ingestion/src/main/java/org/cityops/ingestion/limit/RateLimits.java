package org.cityops.ingestion.limit;

/**
 * How much one sensor and one reporter may send through the bridge, as token buckets (a sustained
 * rate and a burst on top of it) whose clock is the records' own event time: the latest time a
 * sender's valid records carried. What goes past a limit is refused with reason {@code
 * rate_limited}, never dropped silently.
 *
 * <p>Event time, not the bridge's clock, because the bridge sees legitimate bursts that are not
 * floods: the broker's backlog after a bridge or Kafka outage arrives at once, and a replay or a
 * simulation runs faster than real time; each still carries its readings' real times, spaced as the
 * sensor sent them, so none is refused. A flood is many records in little event time; a sender that
 * fakes times gains nothing by going back (an earlier time refills nothing) and little by going
 * forward (the validator refuses readings from the future, and its clock then waits for real time
 * to catch up). Messages that cannot be parsed carry no time and are refused for what they are;
 * shielding the bridge from sheer volume is the broker's per-client limits' job.
 *
 * <p>The defaults are generous for real devices and people, and tight for a flood: a rain gauge
 * reports every 15 minutes and a traffic detector every 20 seconds, so one reading a second of
 * event time with a burst of 600 stops only a runaway or hostile sender; a resident may send 20
 * reports an hour, 10 at once.
 *
 * @param sensorPerSecond readings one sensor may send per second of event time, sustained; 0 = no
 *     limit
 * @param sensorBurst readings one sensor may send at once
 * @param reporterPerHour reports one reporter (pseudonym) may send per hour of report time,
 *     sustained; 0 = no limit
 * @param reporterBurst reports one reporter may send at once
 * @param maxTracked senders remembered per kind; the least recently heard is forgotten first (it
 *     comes back with a full burst, as a new sender would), so a flood of new identities costs
 *     bounded memory
 */
public record RateLimits(
    double sensorPerSecond,
    int sensorBurst,
    double reporterPerHour,
    int reporterBurst,
    int maxTracked) {

  /** No limit at all. */
  public static final RateLimits OFF = new RateLimits(0, 1, 0, 1, 1);

  public RateLimits {
    require(
        Double.isFinite(sensorPerSecond) && sensorPerSecond >= 0,
        "sensor rate",
        "must be 0 (no limit) or more, was " + sensorPerSecond);
    require(sensorBurst >= 1, "sensor burst", "must be 1 or more, was " + sensorBurst);
    require(
        Double.isFinite(reporterPerHour) && reporterPerHour >= 0,
        "reporter rate",
        "must be 0 (no limit) or more, was " + reporterPerHour);
    require(reporterBurst >= 1, "reporter burst", "must be 1 or more, was " + reporterBurst);
    require(maxTracked >= 1, "senders tracked", "must be 1 or more, was " + maxTracked);
  }

  public static RateLimits defaults() {
    return new RateLimits(1, 600, 20, 10, 100_000);
  }

  /** Readings one sensor may send, as buckets; null when sensors are not limited. */
  public TokenBuckets sensorBuckets() {
    return sensorPerSecond == 0 ? null : new TokenBuckets(sensorPerSecond, sensorBurst, maxTracked);
  }

  /** Reports one reporter may send, as buckets; null when reporters are not limited. */
  public TokenBuckets reporterBuckets() {
    return reporterPerHour == 0
        ? null
        : new TokenBuckets(reporterPerHour / 3_600, reporterBurst, maxTracked);
  }

  @Override
  public String toString() {
    return (sensorPerSecond == 0
            ? "sensors unlimited"
            : "sensors " + sensorPerSecond + "/s (burst " + sensorBurst + ")")
        + ", "
        + (reporterPerHour == 0
            ? "reporters unlimited"
            : "reporters " + reporterPerHour + "/h (burst " + reporterBurst + ")");
  }

  private static void require(boolean ok, String what, String message) {
    if (!ok) {
      throw new IllegalArgumentException("rate limit: " + what + " " + message);
    }
  }
}
