package org.cityops.jobs.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.FreePorts;
import org.cityops.embedded.InfluxDb1Process;
import org.cityops.embedded.SharedServers;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.sinks.kafka.KafkaIo;
import org.cityops.timeseries.StoreEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink's own metrics of a job reading Kafka with checkpoints, written by the reporter to a real
 * InfluxDB 1.x: the checkpoint duration and count and the Kafka source's pending records arrive as
 * points the Pipeline dashboard can query.
 */
class FlinkMetricsReporterTest {
  private static final int INFLUX_PORT = FreePorts.belowEphemeralRange();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(
                  Configuration.fromMap(
                      FlinkMetricsReporter.configuration(
                          new InfluxTarget(
                              StoreEndpoint.Api.V1,
                              "http://127.0.0.1:" + INFLUX_PORT,
                              "cityops_metrics",
                              "cityops",
                              null,
                              5_000,
                              Duration.ofSeconds(1),
                              Duration.ofSeconds(10)),
                          Duration.ofMillis(300))))
              .build());

  private static InfluxDb1Process influx;

  @BeforeAll
  static void start() {
    influx = new InfluxDb1Process(INFLUX_PORT).start();
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
  }

  /** The metric's last points per task; missing until the reporter has written one. */
  private static JsonNode last(String metric) throws Exception {
    String answer;
    try {
      answer =
          influx.query(
              "cityops_metrics",
              "SELECT last(\"value\") FROM \"flink_metrics\" WHERE \"metric\" = '"
                  + metric
                  + "' GROUP BY \"task\"");
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).contains("database not found")) {
        // the reporter creates its database with its first report: none has come yet (a suite
        // run polled before it, and the wait failed at once instead of waiting)
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      throw e;
    }
    return EventJson.mapper().readTree(answer).at("/results/0/series");
  }

  @Test
  void checkpointsAndKafkaLagReachTheStore() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 100; i++) {
        Reading r =
            Reading.rain(
                "metrics-g" + i,
                Instant.parse("2019-02-06T21:00:00Z"),
                new GeoPoint(-22.9, -43.2),
                1);
        producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
      }
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(300);
    env.fromSource(
            KafkaIo.readingsSource(
                org.cityops.jobs.common.KafkaConnection.of(kafka.bootstrapServers()),
                "metrics-test",
                false),
            WatermarkStrategy.<ParsedReading>noWatermarks(),
            "city.readings")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("metrics-reporter-test");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  // the gauges exist before the first checkpoint: wait for one that counts it
                  last("numberOfCompletedCheckpoints").at("/0/values/0/1").asDouble() >= 1
                      && !last("pendingRecords").isMissingNode()
                      && !last("lastCheckpointDuration").isMissingNode());
    } finally {
      job.cancel().get();
    }
    JsonNode completed = last("numberOfCompletedCheckpoints");
    assertThat(completed.get(0).at("/values/0/1").asDouble()).isGreaterThanOrEqualTo(1);
    JsonNode pending = last("pendingRecords");
    assertThat(pending.get(0).at("/tags/task").asText()).contains("city.readings");
    assertThat(pending.get(0).at("/values/0/1").asDouble()).isGreaterThanOrEqualTo(0);
    System.out.printf(
        "Flink metrics in InfluxDB: completed checkpoints %s, last duration %s ms, pending records %s%n",
        completed.get(0).at("/values/0/1"),
        last("lastCheckpointDuration").get(0).at("/values/0/1"),
        pending.get(0).at("/values/0/1"));
  }

  @Test
  void eachDetectorsStateSizeReachesTheStoreAsTrackedByFlink() throws Exception {
    // the rolling sums over a day of readings from 40 gauges: each gauge's samples grow to 96
    java.util.List<Reading> readings = new java.util.ArrayList<>();
    for (int step = 0; step < 96; step++) {
      for (int g = 0; g < 40; g++) {
        readings.add(
            Reading.rain(
                "size-g" + g,
                Instant.parse("2019-02-06T00:00:00Z").plus(Duration.ofMinutes(15L * step)),
                new GeoPoint(-22.9, -43.2),
                0.2));
      }
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            org.cityops.jobs.common.StateSizeTracking.enable(
                new org.apache.flink.configuration.Configuration()));
    env.setParallelism(2);
    env.fromData(readings)
        .map(
            r -> {
              Thread.sleep(2); // long enough for the reporter's 300 ms to see the job run
              return r;
            })
        .returns(Reading.class)
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Reading>forMonotonousTimestamps()
                .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()))
        .keyBy(Reading::sensorId)
        .process(
            new org.cityops.jobs.rain.RollingRainSumFunction(
                Duration.ofMinutes(30), Duration.ofMinutes(15)))
        .name("rolling rain sums")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("state-size-metrics-test");
    JsonNode sizes;
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !last("valueStateUpdateValueSize").isMissingNode());
      sizes = last("valueStateUpdateValueSize");
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    }
    System.out.printf("state sizes in InfluxDB (bytes per value written, mean): %s%n", sizes);
    boolean found = false;
    for (JsonNode series : sizes) {
      if (series.at("/tags/task").asText().contains("rolling rain sums")) {
        found = true;
        // a gauge's samples: a sorted array of times and one of millimetres, up to a day of them
        assertThat(series.at("/values/0/1").asDouble()).isBetween(16.0, 96 * 16 + 200.0);
      }
    }
    assertThat(found).as("the rolling sums' state size, among %s", sizes).isTrue();
  }
}
