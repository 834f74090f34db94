package org.cityops.jobs.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.cityops.embedded.EmbeddedQuestDb;
import org.cityops.embedded.InfluxDb1Process;
import org.cityops.embedded.SharedServers;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.timeseries.StoreEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The time-series sink against real stores on both write paths: the v2 write API into QuestDB and
 * /write into InfluxDB 1.x. Each job runs twice on the same input, as a replay after a restart
 * would: the stores must hold every point once, with the values sent.
 */
class InfluxSinkTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  private static final int GAUGES = 7;
  private static final int STEPS = 60;

  /** Readings whose per-gauge sums are known: gauge g reports (g + 1) * 0.2 mm every 15 minutes. */
  private static List<Reading> readings() {
    List<Reading> readings = new ArrayList<>();
    for (int g = 0; g < GAUGES; g++) {
      for (int i = 0; i < STEPS; i++) {
        readings.add(
            Reading.rain(
                "gauge-" + g,
                T0.plus(Duration.ofMinutes(15L * i)),
                new GeoPoint(-22.9, -43.2),
                (g + 1) * 0.2));
      }
    }
    return readings;
  }

  private static double expectedSum(int gauge) {
    return Math.round(STEPS * (gauge + 1) * 0.2 * 10) / 10.0;
  }

  private static void runJob(InfluxTarget target) throws Exception {
    StreamExecutionEnvironment env = FlinkTestEnv.env();
    env.fromData(readings())
        .sinkTo(new InfluxSink<>(target, Measurements.readings()))
        .name("store");
    env.execute("influx-sink-test");
  }

  @Test
  void v2WriteApiIntoQuestDbLeavesNoDuplicatesAfterAReplay() throws Exception {
    EmbeddedQuestDb questDb = SharedServers.questDb();
    QuestDbTables.ensure(questDb.httpUrl());
    InfluxTarget target =
        new InfluxTarget(
            StoreEndpoint.Api.V2,
            questDb.httpUrl(),
            "cityops",
            "cityops",
            null,
            50,
            Duration.ofMillis(200),
            Duration.ofSeconds(1));
    runJob(target);
    runJob(target); // the replay
    int total = GAUGES * STEPS;
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode rows =
                  EventJson.mapper()
                      .readTree(
                          questDb.exec(
                              "SELECT sensor_id, count(), round(sum(rain_mm), 1) FROM readings WHERE sensor_id LIKE 'gauge-%' ORDER BY sensor_id"))
                      .get("dataset");
              assertThat(rows).hasSize(GAUGES);
              for (int g = 0; g < GAUGES; g++) {
                assertThat(rows.get(g).get(0).asText()).isEqualTo("gauge-" + g);
                assertThat(rows.get(g).get(1).asLong()).isEqualTo(STEPS);
                assertThat(rows.get(g).get(2).asDouble()).isEqualTo(expectedSum(g));
              }
            });
    long stored =
        EventJson.mapper()
            .readTree(questDb.exec("SELECT count() FROM readings WHERE sensor_id LIKE 'gauge-%'"))
            .at("/dataset/0/0")
            .asLong();
    System.out.printf("QuestDB v2 path: %d points sent twice, %d stored%n", total, stored);
    assertThat(stored).isEqualTo(total);
  }

  @Test
  void storeDownAtFirstIsRetriedUntilItAnswersThenEveryPointIsWrittenOnce() throws Exception {
    int port = org.cityops.embedded.FreePorts.belowEphemeralRange();
    InfluxTarget target =
        new InfluxTarget(
            StoreEndpoint.Api.V1,
            "http://127.0.0.1:" + port,
            "cityops_outage",
            "",
            null,
            50,
            Duration.ofMillis(200),
            Duration.ofMillis(500));
    StreamExecutionEnvironment env = FlinkTestEnv.env();
    env.fromData(readings())
        .sinkTo(new InfluxSink<>(target, Measurements.readings()))
        .name("store");
    org.apache.flink.core.execution.JobClient job = env.executeAsync("influx-sink-outage-test");
    long outageStart = System.nanoTime();
    // The sink cannot finish while nothing listens: it must still be retrying after a while.
    Thread.sleep(3_000);
    assertThat(job.getJobStatus().get()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
    try (InfluxDb1Process influx = new InfluxDb1Process(port).start()) {
      job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
      long recoveredMillis = (System.nanoTime() - outageStart) / 1_000_000;
      JsonNode series =
          EventJson.mapper()
              .readTree(
                  influx.query(
                      "cityops_outage", "SELECT count(rain_mm) FROM readings GROUP BY sensor_id"))
              .at("/results/0/series");
      long stored = 0;
      for (JsonNode s : series) {
        assertThat(s.at("/values/0/1").asLong()).isEqualTo(STEPS);
        stored += s.at("/values/0/1").asLong();
      }
      System.out.printf(
          "store outage: %d points sent while InfluxDB was down for 3 s, %d stored once, job done %d ms after the outage began%n",
          GAUGES * STEPS, stored, recoveredMillis);
      assertThat(stored).isEqualTo(GAUGES * STEPS);
    }
  }

  /** Records the sink has been handed, counted in front of it (same task, same thread). */
  private static final java.util.concurrent.atomic.AtomicLong HANDED =
      new java.util.concurrent.atomic.AtomicLong();

  @Test
  void aStoreKilledMidStreamHoldsTheStreamBackThenGetsEveryPointOnce() throws Exception {
    int gauges = 10;
    int steps = 3_000;
    int batch = 100;
    List<Reading> many = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      for (int g = 0; g < gauges; g++) {
        many.add(
            Reading.rain(
                "outage-" + g,
                T0.plus(Duration.ofMinutes(15L * i)),
                new GeoPoint(-22.9, -43.2),
                0.2));
      }
    }
    HANDED.set(0);
    try (InfluxDb1Process influx = new InfluxDb1Process().start()) {
      InfluxTarget target =
          new InfluxTarget(
              StoreEndpoint.Api.V1,
              influx.url(),
              "cityops_midstream",
              "",
              null,
              batch,
              Duration.ofMillis(200),
              Duration.ofMillis(500));
      StreamExecutionEnvironment env = FlinkTestEnv.env();
      env.setParallelism(1);
      env.fromData(many)
          .map(
              r -> {
                // about 10,000 a second, so the outage falls mid-stream
                if (HANDED.incrementAndGet() % 10 == 0) {
                  Thread.sleep(1);
                }
                return r;
              })
          .returns(Reading.class)
          .sinkTo(new InfluxSink<>(target, Measurements.readings()))
          .name("store");
      org.apache.flink.core.execution.JobClient job = env.executeAsync("influx-sink-midstream");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> HANDED.get() >= 5_000);
      influx.stop(); // the store dies mid-stream
      long atOutage = HANDED.get();
      Thread.sleep(3_000);
      long afterThreeSeconds = HANDED.get();
      assertThat(job.getJobStatus().get()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
      long back = System.nanoTime();
      influx.start(); // same data, same port
      job.getJobExecutionResult().get(120, java.util.concurrent.TimeUnit.SECONDS);
      long drainedMillis = (System.nanoTime() - back) / 1_000_000;
      JsonNode series =
          EventJson.mapper()
              .readTree(
                  influx.query(
                      "cityops_midstream",
                      "SELECT count(rain_mm) FROM readings GROUP BY sensor_id"))
              .at("/results/0/series");
      long stored = 0;
      for (JsonNode one : series) {
        assertThat(one.at("/values/0/1").asLong()).as(one.toString()).isEqualTo(steps);
        stored += one.at("/values/0/1").asLong();
      }
      System.out.printf(
          "store killed mid-stream: %d points; %d handed to the sink when it died, %d after 3 s"
              + " down (held back: at most one batch of %d more); %d stored, each once, %d ms"
              + " after the store came back%n",
          many.size(), atOutage, afterThreeSeconds, batch, stored, drainedMillis);
      assertThat(atOutage).isLessThan(many.size());
      assertThat(afterThreeSeconds - atOutage).isLessThanOrEqualTo(batch);
      assertThat(stored).isEqualTo(many.size());
    }
  }

  @Test
  void v1WriteIntoInfluxDb1LeavesNoDuplicatesAfterAReplay() throws Exception {

    try (InfluxDb1Process influx = new InfluxDb1Process().start()) {
      InfluxTarget target =
          new InfluxTarget(
              StoreEndpoint.Api.V1,
              influx.url(),
              "cityops_test",
              "",
              null,
              50,
              Duration.ofMillis(200),
              Duration.ofSeconds(1));
      runJob(target);
      runJob(target);
      JsonNode series =
          EventJson.mapper()
              .readTree(
                  influx.query(
                      "cityops_test",
                      "SELECT count(rain_mm), sum(rain_mm) FROM readings GROUP BY sensor_id"))
              .at("/results/0/series");
      assertThat(series).hasSize(GAUGES);
      long stored = 0;
      for (JsonNode s : series) {
        stored += s.at("/values/0/1").asLong();
        int g = Integer.parseInt(s.at("/tags/sensor_id").asText().substring("gauge-".length()));
        assertThat(s.at("/values/0/1").asLong()).isEqualTo(STEPS);
        assertThat(Math.round(s.at("/values/0/2").asDouble() * 10) / 10.0)
            .isEqualTo(expectedSum(g));
      }
      System.out.printf(
          "InfluxDB 1.x v1 path: %d points sent twice, %d stored%n", GAUGES * STEPS, stored);
    }
  }
}
