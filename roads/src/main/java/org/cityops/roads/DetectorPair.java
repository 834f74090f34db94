package org.cityops.roads;

/**
 * Two detectors in a row on one road: traffic passing {@code upstream} reaches {@code downstream}
 * next, with no other detector between them. An incident between the two shows as a queue at the
 * first and thin traffic at the second.
 *
 * @param upstream the detector traffic passes first
 * @param downstream the next detector along the road
 * @param gapM road distance between them
 * @param segmentIds the segments between them, in driving order, from the upstream detector's
 *     segment to the downstream detector's
 */
public record DetectorPair(
    String upstream, String downstream, double gapM, java.util.List<String> segmentIds)
    implements java.io.Serializable {

  public DetectorPair {
    segmentIds = java.util.List.copyOf(segmentIds);
  }

  /** The pair's key: {@code upstream>downstream}. */
  public String id() {
    return upstream + ">" + downstream;
  }
}
