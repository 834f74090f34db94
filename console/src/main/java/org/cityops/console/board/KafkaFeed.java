package org.cityops.console.board;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cityops.events.EventJson;
import org.cityops.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link Board} from the jobs' topics, each read from its beginning (the console keeps no
 * offsets: its picture is rebuilt at every start) and then as records come. A record that does not
 * parse is logged and counted, never fatal: the console must keep showing the city.
 */
public final class KafkaFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeed.class);
  private static final List<String> TOPICS =
      List.of(
          Topics.INCIDENTS,
          Topics.ALERTS,
          Topics.PENDING_WARNINGS,
          Topics.STAGE,
          Topics.ROUTE_ADVICE);

  /**
   * Readings and reports are many: only the last hours are read back at start, enough to know who
   * is quiet and what residents said lately.
   */
  private static final Duration READINGS_BACK = Duration.ofHours(6);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Board board;
  private final Thread thread;
  private final AtomicLong unreadable = new AtomicLong();
  private volatile boolean running = true;

  public KafkaFeed(String bootstrapServers, Map<String, String> clientProperties, Board board) {
    this.board = board;
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cityops-console");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "console-kafka-feed");
    thread.setDaemon(true);
  }

  public KafkaFeed start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : TOPICS) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(15))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    List<TopicPartition> readings = new ArrayList<>();
    for (String topic : List.of(Topics.READINGS, Topics.REPORTS)) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(15))
          .forEach(p -> readings.add(new TopicPartition(topic, p.partition())));
    }
    List<TopicPartition> all = new ArrayList<>(partitions);
    all.addAll(readings);
    consumer.assign(all);
    consumer.seekToBeginning(partitions);
    long since = System.currentTimeMillis() - READINGS_BACK.toMillis();
    Map<TopicPartition, Long> at = new HashMap<>();
    readings.forEach(p -> at.put(p, since));
    var offsets = consumer.offsetsForTimes(at, Duration.ofSeconds(15));
    var ends = consumer.endOffsets(readings, Duration.ofSeconds(15));
    for (TopicPartition p : readings) {
      var o = offsets.get(p);
      consumer.seek(p, o == null ? ends.get(p) : o.offset());
    }
    thread.start();
    return this;
  }

  /** Records that could not be read since the start. */
  public long unreadable() {
    return unreadable.get();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          take(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void take(ConsumerRecord<String, byte[]> r) {
    try {
      switch (r.topic()) {
        case Topics.INCIDENTS -> board.take(EventJson.readIncident(r.value()));
        case Topics.ALERTS -> board.take(EventJson.readAlert(r.value()));
        case Topics.PENDING_WARNINGS ->
            board.take(EventJson.read(r.value(), org.cityops.events.PendingWarning.class, w -> w));
        case Topics.READINGS -> board.take(EventJson.readReading(r.value()));
        case Topics.REPORTS -> board.take(EventJson.readReport(r.value()));
        case Topics.ROUTE_ADVICE -> board.take(EventJson.readRouteAdvice(r.value()));
        case Topics.STAGE ->
            board.take(EventJson.read(r.value(), org.cityops.events.CityStage.class, s -> s));
        default -> {}
      }
    } catch (RuntimeException e) {
      unreadable.incrementAndGet();
      LOG.warn(
          "Skipping an unreadable record of {} at offset {}: {}",
          r.topic(),
          r.offset(),
          e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
