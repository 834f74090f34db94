package org.cityops.backtest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An upgrade across releases: the savepoint an earlier release's {@link RainJobUpgradeTest} took
 * mid-storm (kept with {@code CITYOPS_KEEP_SAVEPOINT=DIR} in that release's checkout), restored by
 * this release's rain job, must go on as this release's job would have if never stopped: every
 * incident version it emits is the never-stopped run's (id, version, severity, status, times and
 * evidence; the {@code rule_version} evidence is left out, an earlier release may not have written
 * it), and every version the never-stopped run emits after the savepoint's time, it emits.
 *
 * <p>Opt-in, as it needs the earlier release's savepoint: {@code CITYOPS_UPGRADE_FROM=DIR ./mvnw
 * verify -pl backtest -am -Dtest=RainJobUpgradeFromEarlierReleaseTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; skipped without it. The earlier release's Kafka is
 * rebuilt: the same readings sent in the same order to fresh topics land at the same offsets the
 * savepoint's source state names. Every operator's state must be taken up: an upgrade that drops
 * some (a source of a topic since retired) fails, unless {@code
 * CITYOPS_UPGRADE_ALLOW_NON_RESTORED=true} says the release notes ask for {@code
 * --allowNonRestoredState} (the upgrade from before rules moved to {@code city.control} did); keyed
 * state and timers of every detector must come through, which the comparison shows.
 */
class RainJobUpgradeFromEarlierReleaseTest {
  static final String UPGRADE_FROM = "CITYOPS_UPGRADE_FROM";
  static final String ALLOW_NON_RESTORED = "CITYOPS_UPGRADE_ALLOW_NON_RESTORED";

  @Test
  void aSavepointOfTheEarlierReleaseGoesOnAsThisReleaseWouldHave() throws Exception {
    String from = System.getenv(UPGRADE_FROM);
    Assumptions.assumeTrue(
        from != null, UPGRADE_FROM + " not set: no earlier savepoint to restore");
    Path savepoint = Path.of(from);
    assertThat(Files.exists(savepoint.resolve("_metadata")))
        .as("%s holds a savepoint (its _metadata)", savepoint)
        .isTrue();
    List<Reading> readings = RainJobUpgradeTest.storm();
    List<Reading> before =
        readings.stream().filter(r -> r.time().isBefore(RainJobUpgradeTest.SAVEPOINT_AT)).toList();
    List<Reading> after = readings.subList(before.size(), readings.size());
    Set<String> gauges = readings.stream().map(Reading::sensorId).collect(Collectors.toSet());

    Configuration conf = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(conf); // as the jobs run
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
        MiniCluster cluster = RainJobUpgradeTest.cluster(conf)) {
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED, Topics.CONTROL));
      cluster.start();
      RainJobUpgradeTest.send(kafka, before);
      RainJobUpgradeTest.send(kafka, after);

      StreamGraph upgraded = RainJobUpgradeTest.graph(conf, kafka, "upgrade", true, null);
      upgraded.setSavepointRestoreSettings(
          SavepointRestoreSettings.forPath(
              savepoint.toUri().toString(), "true".equals(System.getenv(ALLOW_NON_RESTORED))));
      JobID v2 = cluster.submitJob(upgraded).get().getJobID();
      RainJobUpgradeTest.awaitRead(kafka, "upgrade", readings.size());
      Thread.sleep(1_500); // a few more checkpoints: what the last records raised is committed
      cluster.cancelJob(v2).get();
      long upgradeEnd = System.currentTimeMillis();

      JobID reference =
          cluster
              .submitJob(RainJobUpgradeTest.graph(conf, kafka, "reference", false, null))
              .get()
              .getJobID();
      RainJobUpgradeTest.awaitRead(kafka, "reference", readings.size());
      Thread.sleep(1_500);
      cluster.cancelJob(reference).get();

      List<ConsumerRecord<String, byte[]>> all =
          TopicReader.readAll(kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(30));
      Set<String> emitted = versions(all, r -> r.timestamp() < upgradeEnd, gauges);
      Set<String> neverStopped = versions(all, r -> r.timestamp() >= upgradeEnd, gauges);
      Set<String> unlike = new TreeSet<>(emitted);
      unlike.removeAll(neverStopped);
      Set<String> afterTheSavepoint =
          all.stream()
              .filter(r -> r.timestamp() >= upgradeEnd)
              .map(r -> EventJson.readIncident(r.value()))
              .filter(i -> !RainJobUpgradeTest.TRAFFIC.contains(i.type()))
              .filter(i -> i.updatedAt().isAfter(RainJobUpgradeTest.SAVEPOINT_AT))
              .map(i -> i.incidentId() + " v" + i.version())
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> emittedIds =
          all.stream()
              .filter(r -> r.timestamp() < upgradeEnd)
              .map(r -> EventJson.readIncident(r.value()))
              .map(i -> i.incidentId() + " v" + i.version())
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> notEmitted = new TreeSet<>(afterTheSavepoint);
      notEmitted.removeAll(emittedIds);
      Set<IncidentType> carried =
          all.stream()
              .filter(r -> r.timestamp() < upgradeEnd)
              .map(r -> EventJson.readIncident(r.value()))
              .filter(i -> i.openedAt().isBefore(RainJobUpgradeTest.SAVEPOINT_AT))
              .map(Incident::type)
              .collect(Collectors.toCollection(TreeSet::new));
      System.out.printf(
          "upgrade from %s: %d incident versions emitted after it, %d of the never-stopped run"
              + " after the savepoint's time; opened before it and carried on: %s%n",
          savepoint, emitted.size(), afterTheSavepoint.size(), carried);
      assertThat(emitted).isNotEmpty();
      assertThat(unlike).as("versions unlike the never-stopped run's").isEmpty();
      assertThat(notEmitted).as("versions after the savepoint not emitted").isEmpty();
      assertThat(carried).contains(IncidentType.HEAVY_RAIN, IncidentType.LANDSLIDE_RISK);
    }
  }

  /** Rain incident versions, without the rule version (an earlier release may not name it). */
  private static Set<String> versions(
      List<ConsumerRecord<String, byte[]>> records,
      java.util.function.Predicate<ConsumerRecord<String, byte[]>> which,
      Set<String> gauges) {
    return RainJobUpgradeTest.rainVersions(
        records,
        which,
        gauges,
        i ->
            i.incidentId()
                + " v"
                + i.version()
                + " "
                + i.severity()
                + " "
                + i.status()
                + " "
                + i.openedAt()
                + " "
                + i.updatedAt()
                + " "
                + i.evidence().stream()
                    .filter(e -> !e.signal().equals(RuleVersions.RULE_VERSION))
                    .toList());
  }
}
