package org.cityops.backtest.upgrade;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;

/** What the upgrade tests share: waiting for a job's reads, and comparing incident versions. */
final class UpgradeRuns {
  private UpgradeRuns() {}

  /** Until {@code group} has committed (at a checkpoint) offsets past {@code count} records. */
  static void awaitRead(EmbeddedKafkaBroker kafka, String group, String topic, long count) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> kafka.committed(group, topic) >= count);
  }

  /**
   * What a restored run and the never-stopped reference run emitted, for comparison.
   *
   * @param restored the versions the restored job emitted after its restart
   * @param uninterrupted the reference run's versions from the savepoint's time on (before it, the
   *     first run's versions are the same by construction)
   * @param across the reference run's versions of incidents opened before the savepoint's time and
   *     updated after it: what the savepoint had to carry
   */
  record Runs(Set<String> restored, Set<String> uninterrupted, List<Incident> across) {}

  /**
   * Splits {@code records} ({@code city.detections}) by when they were written: from {@code
   * restartedAt} to {@code restoredEnd} the restored job's, after it the reference run's.
   */
  static Runs split(
      List<ConsumerRecord<String, byte[]>> records,
      long restartedAt,
      long restoredEnd,
      Instant savepointTime) {
    return new Runs(
        versions(records, r -> r.timestamp() >= restartedAt && r.timestamp() < restoredEnd),
        versions(
            records,
            r ->
                r.timestamp() >= restoredEnd
                    && !EventJson.readIncident(r.value()).updatedAt().isBefore(savepointTime)),
        records.stream()
            .filter(r -> r.timestamp() >= restoredEnd)
            .map(r -> EventJson.readIncident(r.value()))
            .filter(
                i -> i.openedAt().isBefore(savepointTime) && i.updatedAt().isAfter(savepointTime))
            .toList());
  }

  /**
   * The incident versions of {@code records} that {@code which} takes, each as JSON without its
   * {@code rule_version} evidence (an earlier release did not write it; in one release both runs
   * name the same version), sorted.
   */
  static Set<String> versions(
      List<ConsumerRecord<String, byte[]>> records,
      Predicate<ConsumerRecord<String, byte[]>> which) {
    return records.stream()
        .filter(which)
        .map(r -> EventJson.readIncident(r.value()))
        .map(
            i ->
                new Incident(
                    i.incidentId(),
                    i.type(),
                    i.area(),
                    i.severity(),
                    i.status(),
                    i.evidence().stream().filter(e -> !e.signal().equals("rule_version")).toList(),
                    i.version(),
                    i.openedAt(),
                    i.updatedAt(),
                    i.clearedAt()))
        .map(i -> new String(EventJson.write(i), java.nio.charset.StandardCharsets.UTF_8))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
