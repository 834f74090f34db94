package org.cityops.jobs.fanout;

/** Stable operator ids of the resident fan-out. */
public final class FanOutUids {
  private FanOutUids() {}

  public static final String SUBSCRIPTIONS_SOURCE = "fanout-subscriptions-source";
  public static final String PARSE_SUBSCRIPTIONS = "fanout-parse-subscriptions";
  public static final String ALERT_ROUTING = "fanout-alert-routing";
  public static final String SUBSCRIPTION_ROUTING = "fanout-subscription-routing";
  public static final String CELL_MATCHER = "fanout-cell-matcher";
  public static final String DEDUP = "fanout-dedup";
  public static final String RESIDENT_SINK = "fanout-resident-sink";
  public static final String CELL_SINK = "fanout-cell-sink";
  public static final String PACER = "fanout-notification-pacer";
  public static final String DIGEST_SINK = "fanout-digest-sink";
}
