package org.cityops.ingestion.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;

/**
 * What the simulator injected, so a test or the demo can check what the engine found against it:
 * valid readings per kind, each gauge's rain series, the faults with the rejection reason each must
 * get, and the residents' reports. Rolling sums here use the engine's definition: the sum ending at
 * t covers readings with time in (t - window, t].
 */
public final class GroundTruth {
  /** One injected fault. */
  public record Fault(String topic, RejectReason expectedReason) {}

  /** One rain sample of one gauge. */
  public record RainSample(Instant time, double rainMm) {}

  private final Map<SensorKind, Long> readingsByKind = new EnumMap<>(SensorKind.class);
  private final Map<String, List<RainSample>> rainByGauge = new TreeMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> reportIds = new ArrayList<>();
  private final List<org.cityops.ingestion.simulator.traffic.TrafficEvent> traffic =
      new ArrayList<>();

  synchronized void reading(SensorKind kind) {
    readingsByKind.merge(kind, 1L, Long::sum);
  }

  synchronized void rain(String gauge, Instant time, double rainMm) {
    rainByGauge.computeIfAbsent(gauge, g -> new ArrayList<>()).add(new RainSample(time, rainMm));
  }

  synchronized void fault(String topic, RejectReason reason) {
    faults.add(new Fault(topic, reason));
  }

  synchronized void traffic(List<org.cityops.ingestion.simulator.traffic.TrafficEvent> events) {
    traffic.addAll(events);
  }

  /** The accidents, closures and stuck detectors the traffic simulation injected. */
  public synchronized List<org.cityops.ingestion.simulator.traffic.TrafficEvent> trafficEvents() {
    return List.copyOf(traffic);
  }

  synchronized void report(String reportId) {
    reportIds.add(reportId);
  }

  public synchronized long validReadings() {
    return readingsByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized long readings(SensorKind kind) {
    return readingsByKind.getOrDefault(kind, 0L);
  }

  public synchronized List<Fault> faults() {
    return List.copyOf(faults);
  }

  public synchronized List<String> reportIds() {
    return List.copyOf(reportIds);
  }

  public synchronized Map<String, List<RainSample>> rainByGauge() {
    Map<String, List<RainSample>> copy = new TreeMap<>();
    rainByGauge.forEach((g, samples) -> copy.put(g, List.copyOf(samples)));
    return copy;
  }

  /** Each gauge's largest rolling sum over {@code window}, in mm. */
  public synchronized Map<String, Double> maxRollingSumMm(Duration window) {
    Map<String, Double> max = new TreeMap<>();
    rainByGauge.forEach(
        (gauge, samples) -> {
          double best = 0;
          for (RainSample end : samples) {
            double sum = 0;
            for (RainSample s : samples) {
              if (s.time().isAfter(end.time().minus(window)) && !s.time().isAfter(end.time())) {
                sum += s.rainMm();
              }
            }
            best = Math.max(best, sum);
          }
          max.put(gauge, Math.round(best * 10) / 10.0);
        });
    return max;
  }

  /** Gauges whose rolling 1 h sum reached {@code thresholdMm} at some point. */
  public List<String> gaugesWithHourlyRainAtLeast(double thresholdMm) {
    return maxRollingSumMm(Duration.ofHours(1)).entrySet().stream()
        .filter(e -> e.getValue() >= thresholdMm)
        .map(Map.Entry::getKey)
        .toList();
  }

  public synchronized void write(Path file) throws IOException {
    ObjectNode root = EventJson.mapper().createObjectNode();
    ObjectNode kinds = root.putObject("validReadingsByKind");
    readingsByKind.forEach((k, n) -> kinds.put(k.wireName(), n));
    root.put("validReadings", validReadings());
    ArrayNode faultNodes = root.putArray("faults");
    faults.forEach(
        f ->
            faultNodes
                .addObject()
                .put("topic", f.topic())
                .put("expectedReason", f.expectedReason().name()));
    ArrayNode reports = root.putArray("reportIds");
    reportIds.forEach(reports::add);
    ArrayNode trafficNodes = root.putArray("trafficEvents");
    traffic.forEach(e -> trafficNodes.add(EventJson.mapper().valueToTree(e)));
    ObjectNode hourly = root.putObject("maxRain1hMmByGauge");
    maxRollingSumMm(Duration.ofHours(1)).forEach(hourly::put);
    Files.createDirectories(file.toAbsolutePath().getParent());
    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }
}
