package org.cityops.roads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the traffic detectors are and which follows which. The pairs are derived from the road
 * network, never listed by hand: from each detector, the road is followed in its direction of
 * travel ({@link RoadNetwork#next(Segment)}, across way ends) until the next detector, up to {@code
 * maxGapM}; a detector with none within reach has no downstream pair.
 *
 * <p>The placement file is JSON: {@code {"detectors": [{"id": "loop-1", "segmentId": "101:5-6",
 * "fraction": 0.4, "freeFlowKmh": 55}]}}; {@code fraction} defaults to 0.5 and {@code freeFlowKmh}
 * to the segment's speed limit. Unknown segments and duplicate ids are refused with the detector's
 * id.
 */
public final class DetectorLayout implements java.io.Serializable {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final Map<String, DetectorSite> sites;
  private final List<DetectorPair> pairs;
  private final Map<String, DetectorPair> pairsById = new HashMap<>();

  private DetectorLayout(Map<String, DetectorSite> sites, List<DetectorPair> pairs) {
    this.sites = java.util.Collections.unmodifiableMap(sites);
    this.pairs = List.copyOf(pairs);
    pairs.forEach(p -> pairsById.put(p.id(), p));
  }

  /** Places are checked against the network and the pairs derived. */
  public static DetectorLayout derive(
      RoadNetwork network, List<Placement> placements, double maxGapM) {
    Map<String, DetectorSite> sites = new LinkedHashMap<>();
    Map<String, List<DetectorSite>> bySegment = new HashMap<>();
    for (Placement p : placements) {
      Segment segment = network.segment(p.segmentId());
      if (segment == null) {
        throw new IllegalArgumentException(
            "detector " + p.id() + ": segment " + p.segmentId() + " is not in the road network");
      }
      double fraction = p.fraction() == null ? 0.5 : p.fraction();
      DetectorSite site =
          new DetectorSite(
              p.id(),
              segment.id(),
              fraction,
              segment.pointAt(fraction),
              segment.lanes(),
              p.freeFlowKmh() == null ? segment.maxSpeedKmh() : p.freeFlowKmh());
      if (sites.putIfAbsent(site.id(), site) != null) {
        throw new IllegalArgumentException("detector " + p.id() + " is placed twice");
      }
      bySegment.computeIfAbsent(segment.id(), k -> new ArrayList<>()).add(site);
    }
    bySegment.values().forEach(l -> l.sort(Comparator.comparingDouble(DetectorSite::fraction)));
    List<DetectorPair> pairs = new ArrayList<>();
    for (DetectorSite site : sites.values()) {
      DetectorPair pair = downstreamOf(network, site, bySegment, maxGapM);
      if (pair != null) {
        pairs.add(pair);
      }
    }
    return new DetectorLayout(sites, pairs);
  }

  private static DetectorPair downstreamOf(
      RoadNetwork network,
      DetectorSite site,
      Map<String, List<DetectorSite>> bySegment,
      double maxGapM) {
    Segment segment = network.segment(site.segmentId());
    List<String> path = new ArrayList<>(List.of(segment.id()));
    for (DetectorSite other : bySegment.get(segment.id())) {
      if (other.fraction() > site.fraction()) {
        double gap = (other.fraction() - site.fraction()) * segment.lengthM();
        return gap <= maxGapM ? new DetectorPair(site.id(), other.id(), gap, path) : null;
      }
    }
    double gap = (1 - site.fraction()) * segment.lengthM();
    java.util.Set<String> seen = new java.util.HashSet<>(path);
    Segment next = network.next(segment);
    while (next != null && gap <= maxGapM && seen.add(next.id())) {
      path.add(next.id());
      List<DetectorSite> on = bySegment.get(next.id());
      if (on != null && !on.isEmpty()) {
        DetectorSite first = on.get(0);
        gap += first.fraction() * next.lengthM();
        return gap <= maxGapM ? new DetectorPair(site.id(), first.id(), gap, path) : null;
      }
      gap += next.lengthM();
      next = network.next(next);
    }
    return null;
  }

  /** One detector on every directed segment, {@code fraction} of the way along. */
  public static List<Placement> onEverySegment(RoadNetwork network, double fraction) {
    List<Placement> placements = new ArrayList<>();
    for (Segment s : network.segments()) {
      placements.add(new Placement("loop-" + s.id().replace(':', '-'), s.id(), fraction, null));
    }
    return placements;
  }

  public static List<Placement> readPlacements(Path file) throws IOException {
    try {
      return List.of(JSON.readValue(file.toFile(), PlacementFile.class).detectors());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": not a detector placement file: " + e.getOriginalMessage(), e);
    }
  }

  public static void writePlacements(List<Placement> placements, Path file) throws IOException {
    Files.writeString(
        file,
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(new PlacementFile(placements.toArray(Placement[]::new))));
  }

  public Map<String, DetectorSite> sites() {
    return sites;
  }

  public DetectorSite site(String id) {
    return sites.get(id);
  }

  public List<DetectorPair> pairs() {
    return pairs;
  }

  /** The pair with this {@link DetectorPair#id()}, or null. */
  public DetectorPair pair(String id) {
    return pairsById.get(id);
  }

  /** Where a detector is asked to sit; see the class comment for the file format. */
  public record Placement(String id, String segmentId, Double fraction, Double freeFlowKmh) {}

  private record PlacementFile(Placement[] detectors) {}
}
