package org.cityops.console.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind the jobs are, read from Kafka: for each job's consumer group, the records its
 * inputs hold that it has not committed. The jobs commit their offsets when a checkpoint completes,
 * so a lag that only grows, or commits that stopped moving, mean a job that is stuck or whose
 * checkpoints fail: silence that must not look like calm.
 *
 * @see #check() polled by the console every few seconds
 */
public final class PipelineHealth implements AutoCloseable {
  /** One job's inputs. */
  public record Watched(String group, List<String> topics) {}

  /**
   * @param lag records not yet committed by the group
   * @param stalledSeconds how long the committed offsets have not moved while there was lag
   */
  public record GroupHealth(String group, long lag, long stalledSeconds, boolean known) {}

  private final Admin admin;
  private final List<Watched> watched;
  private final Clock clock;
  private final Map<String, Long> lastCommitted = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastMoved = new ConcurrentHashMap<>();
  private volatile List<GroupHealth> latest = List.of();

  public PipelineHealth(
      String bootstrapServers,
      Map<String, String> clientProperties,
      List<Watched> watched,
      Clock clock) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.admin = Admin.create(config);
    this.watched = List.copyOf(watched);
    this.clock = clock;
  }

  /** The jobs of CityOps and the topics they read. */
  public static List<Watched> cityOpsJobs() {
    return List.of(
        new Watched("cityops-rain", List.of("city.readings", "city.reports")),
        new Watched("cityops-alerts", List.of("city.detections", "city.control")));
  }

  /** Reads the groups' offsets now; a group Kafka does not answer for is reported unknown. */
  public List<GroupHealth> check() {
    List<GroupHealth> out = new ArrayList<>();
    Instant now = clock.instant();
    for (Watched w : watched) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(w.group()).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
        // one request for all the group's topics
        admin
            .describeTopics(w.topics())
            .allTopicNames()
            .get()
            .forEach(
                (topic, description) ->
                    description
                        .partitions()
                        .forEach(
                            p ->
                                latestSpec.put(
                                    new TopicPartition(topic, p.partition()),
                                    OffsetSpec.latest())));
        long lag = 0;
        long committedSum = 0;
        for (var e : admin.listOffsets(latestSpec).all().get().entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          long done = c == null ? 0 : c.offset();
          committedSum += done;
          lag += Math.max(0, e.getValue().offset() - done);
        }
        Long before = lastCommitted.put(w.group(), committedSum);
        if (before == null || before != committedSum || lag == 0) {
          lastMoved.put(w.group(), now);
        }
        long stalled = Duration.between(lastMoved.get(w.group()), now).toSeconds();
        out.add(new GroupHealth(w.group(), lag, stalled, true));
      } catch (Exception e) {
        out.add(new GroupHealth(w.group(), -1, -1, false));
      }
    }
    latest = List.copyOf(out);
    return latest;
  }

  /** The result of the last check. */
  public List<GroupHealth> latest() {
    return latest;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
