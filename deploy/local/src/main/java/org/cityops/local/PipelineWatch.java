package org.cityops.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cityops.events.CapAlert;
import org.cityops.events.CapXml;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeMetrics;

/**
 * What the launcher shows while it runs: each new incident version as it lands in {@code
 * city.incidents}, and a progress line (readings in, rejected, incidents out, the job's lag on
 * {@code city.readings}).
 */
final class PipelineWatch implements AutoCloseable {
  private final String bootstrap;
  private final String jobGroup;
  private final BridgeMetrics bridge;
  private final PrintStream out;
  private final Set<String> incidentVersions = new HashSet<>();
  private final AtomicLong activeIncidents = new AtomicLong();
  private final Thread incidentThread;
  private volatile boolean running = true;

  PipelineWatch(String bootstrap, String jobGroup, BridgeMetrics bridge, PrintStream out) {
    this.bootstrap = bootstrap;
    this.jobGroup = jobGroup;
    this.bridge = bridge;
    this.out = out;
    this.incidentThread = new Thread(this::followIncidents, "watch-incidents");
    incidentThread.setDaemon(true);
    incidentThread.start();
  }

  private void followIncidents() {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "cityops-local-watch-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.INCIDENTS, Topics.ALERTS));
      Set<String> active = new HashSet<>();
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.topic().equals(Topics.ALERTS)) {
            printAlert(EventJson.readAlert(record.value()));
            continue;
          }
          Incident i = EventJson.readIncident(record.value());
          if (!incidentVersions.add(i.dedupKey())) {
            continue; // a redelivered version: shown once
          }
          if (i.status().isActive()) {
            active.add(i.incidentId());
          } else {
            active.remove(i.incidentId());
          }
          activeIncidents.set(active.size());
          Evidence first = i.evidence().isEmpty() ? null : i.evidence().get(0);
          out.printf(
              "INCIDENT %-40s v%-2d %-8s %-13s %s at %s (event time %s)%n",
              i.incidentId(),
              i.version(),
              i.severity(),
              i.status(),
              first == null
                  ? ""
                  : String.format(
                      java.util.Locale.ROOT,
                      "%s %.1f%s",
                      first.signal(),
                      first.value(),
                      first.unit() == null ? "" : " " + first.unit()),
              i.area().zone() != null ? i.area().zone() : first == null ? "" : first.sourceId(),
              i.updatedAt());
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        out.println("incident watch stopped: " + e);
      }
    }
  }

  private final Set<String> alertIds = new HashSet<>();

  private void printAlert(CapAlert a) {
    if (!alertIds.add(a.identifier())) {
      return;
    }
    CapAlert.Info info = a.info().get(0);
    out.printf(
        "WARNING  CAP %-6s %-40s %-8s %-9s %s, sent %s%n",
        a.msgType().name(),
        a.incidentId(),
        CapXml.capSeverity(info.severity()),
        info.urgency().name(),
        info.headline(),
        a.sent());
  }

  /** Distinct (incident, version) pairs seen so far. */
  long incidentVersions() {
    return incidentVersions.size();
  }

  void printProgress() {
    out.printf(
        "progress: readings in %d, rejected %d, redelivered %d | incident versions out %d, active %d | job lag %s%n",
        bridge.readings(),
        bridge.rejected(),
        bridge.redelivered(),
        incidentVersions(),
        activeIncidents.get(),
        lag());
  }

  /** How many records of city.readings the job has not yet committed (committed at checkpoints). */
  String lag() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(jobGroup).partitionsToOffsetAndMetadata().get();
      Set<TopicPartition> partitions =
          admin
              .describeTopics(List.of(Topics.READINGS))
              .allTopicNames()
              .get()
              .get(Topics.READINGS)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(Topics.READINGS, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      long lag = 0;
      for (var e : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return String.valueOf(lag);
    } catch (Exception e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    incidentThread.join(5_000);
  }
}
