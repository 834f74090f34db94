package org.cityops.bench;

import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads one topic from its start on a thread of its own and records, per rate level, how long after
 * its reading was published each record came ({@link Latencies}). What a record's "reading" and
 * "arrival" are is the subclass's to say.
 */
abstract class LatencyWatcher implements AutoCloseable {
  /** Which published reading a record comes from, and when the record came; null: not counted. */
  record Traced(long step, int gauge, long arrivedMillis) {}

  private final String bootstrapServers;
  private final String topic;
  private final Latencies latencies;
  private final Thread thread;
  private volatile boolean stop;

  LatencyWatcher(String bootstrapServers, String topic, PublishLog log, int levels) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.latencies = new Latencies(log, levels);
    this.thread = new Thread(this::run, "watch-" + topic);
    this.thread.setDaemon(true);
  }

  LatencyWatcher start() {
    thread.start();
    return this;
  }

  abstract Traced trace(ConsumerRecord<byte[], byte[]> record, long polledMillis);

  long count(int level) {
    return latencies.count(level);
  }

  long total() {
    return latencies.total();
  }

  Histogram histogram(int level) {
    return latencies.histogram(level);
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = BenchSetup.fromStart(bootstrapServers, topic)) {
      while (!stop) {
        var records = consumer.poll(Duration.ofMillis(100));
        long polled = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          Traced traced = trace(record, polled);
          if (traced != null) {
            latencies.record(traced.step(), traced.gauge(), traced.arrivedMillis());
          }
        }
      }
    }
  }

  /** The step of a reading time, given the first step's time and the step length. */
  static long stepOf(Instant time, Instant first, Duration step) {
    return Duration.between(first, time).toMillis() / step.toMillis();
  }

  /** The gauge number in a synthetic gauge id, or -1. */
  static int gaugeOf(String sensorId) {
    String prefix = SyntheticStorms.GAUGE_PREFIX;
    if (sensorId == null || !sensorId.startsWith(prefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(sensorId.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(10_000);
  }
}
