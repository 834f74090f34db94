package org.cityops.jobs.common;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateSizeTrackOptions;

/**
 * How big each detector's state is, as Flink metrics: Flink (2.2) serialises one keyed-state access
 * in every {@link #SAMPLE_INTERVAL} and reports the bytes as histograms on the operator, named by
 * access ({@code valueStateUpdateValueSize}, {@code mapStatePutValueSize}, ...) with the state's
 * name as a variable. For a detector that keeps one value per key (the rolling sums' rain samples
 * per gauge) the value size of an update is that key's state; for map state it is one entry's. The
 * cost is the serialisation of the sampled accesses only.
 */
public final class StateSizeTracking {
  /** One access in this many is measured. */
  public static final int SAMPLE_INTERVAL = 100;

  private StateSizeTracking() {}

  /** Turns the tracking on in {@code flink} (a job's or a cluster's configuration). */
  public static Configuration enable(Configuration flink) {
    flink.set(StateSizeTrackOptions.SIZE_TRACK_ENABLED, true);
    flink.set(StateSizeTrackOptions.SIZE_TRACK_SAMPLE_INTERVAL, SAMPLE_INTERVAL);
    flink.set(StateSizeTrackOptions.SIZE_TRACK_STATE_NAME_AS_VARIABLE, true);
    return flink;
  }
}
