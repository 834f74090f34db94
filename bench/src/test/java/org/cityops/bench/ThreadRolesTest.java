package org.cityops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Threads told apart by the names the libraries and the harness give them. */
class ThreadRolesTest {
  private static String pipeline(String name) {
    return ThreadRoles.pipeline(
        name, "main", PipelineCommand.SENSOR_CLIENTS, "cityops-bridge-1", "bench-residents");
  }

  @Test
  void onlyTheJobsOwnThreadsCountTowardsItsCpu() {
    assertThat(
            ThreadRoles.isJobTask(
                "rolling rain sums per gauge -> rain zone of sums -> zone signal of sums (1/2)#0"))
        .isTrue();
    assertThat(
            ThreadRoles.isJobTask(
                "Source Data Fetcher for Source: city.readings -> count readings (2/2)#0"))
        .isTrue();
    assertThat(ThreadRoles.isJobTask("kafka-producer-network-thread | producer-8")).isFalse();
    assertThat(ThreadRoles.isJobTask("flink-pekko.actor.default-dispatcher-5")).isFalse();
    assertThat(ThreadRoles.isJobTask("data-plane-kafka-request-handler-0")).isFalse();
    assertThat(ThreadRoles.jobTasks("heavy-rain incidents (1/2)#0")).contains(ThreadRoles.JOBS);
    assertThat(ThreadRoles.jobTasks("hivemq-eventloop-child-0")).isEmpty();
  }

  @Test
  void theJvmsOwnThreadsAreToldByTheNamesLinuxShowsForThem() {
    assertThat(ThreadRoles.jvmInternal("GC Thread#1")).contains(ThreadRoles.GARBAGE_COLLECTOR);
    assertThat(ThreadRoles.jvmInternal("G1 Conc#0")).contains(ThreadRoles.GARBAGE_COLLECTOR);
    assertThat(ThreadRoles.jvmInternal("G1 Refine#0")).contains(ThreadRoles.GARBAGE_COLLECTOR);
    assertThat(ThreadRoles.jvmInternal("C2 CompilerThre")).contains(ThreadRoles.COMPILERS);
    assertThat(ThreadRoles.jvmInternal("C1 CompilerThre")).contains(ThreadRoles.COMPILERS);
    // the VM thread, and Java threads (Linux shows their names too)
    assertThat(ThreadRoles.jvmInternal("VM Thread")).isEmpty();
    assertThat(ThreadRoles.jvmInternal("OutputFlusher f")).isEmpty();
    assertThat(ThreadRoles.jvmInternal("MQTT Call: cityo")).isEmpty();
  }

  @Test
  void eachPartOfThePathIsToldByItsThreadsNames() {
    assertThat(pipeline("main")).isEqualTo(ThreadRoles.SENSORS);
    assertThat(pipeline("MQTT Snd: bench-sensors-3")).isEqualTo(ThreadRoles.SENSORS);
    assertThat(pipeline("MQTT Call: cityops-bridge-1")).isEqualTo(ThreadRoles.BRIDGE);
    assertThat(pipeline("bridge-acks-cityops-bridge-1")).isEqualTo(ThreadRoles.BRIDGE);
    assertThat(pipeline("kafka-producer-network-thread | cityops-bridge-1"))
        .isEqualTo(ThreadRoles.BRIDGE);
    assertThat(pipeline("hivemq-eventloop-child-1")).isEqualTo(ThreadRoles.MQTT_BROKER);
    assertThat(pipeline("single-writer-2"))
        .as("HiveMQ's persistence of queued messages")
        .isEqualTo(ThreadRoles.MQTT_BROKER);
    assertThat(pipeline("Exodus shared background cleaner")).isEqualTo(ThreadRoles.MQTT_BROKER);
    assertThat(pipeline("executor-Fetch")).isEqualTo(ThreadRoles.KAFKA_BROKER);
    assertThat(pipeline("TxnMarkerSenderThread-1")).isEqualTo(ThreadRoles.KAFKA_BROKER);
    assertThat(pipeline("SourceCoordinator-Source: city.readings"))
        .isEqualTo(ThreadRoles.FLINK_RUNTIME);
    assertThat(pipeline("data-plane-kafka-request-handler-0")).isEqualTo(ThreadRoles.KAFKA_BROKER);
    assertThat(pipeline("heavy-rain incidents (2/2)#0")).isEqualTo(ThreadRoles.JOBS);
    assertThat(pipeline("kafka-producer-network-thread | producer-12"))
        .as("a job's Kafka sink")
        .isEqualTo(ThreadRoles.JOBS);
    assertThat(pipeline("MQTT Rec: cityops-alerts-0")).isEqualTo(ThreadRoles.JOBS);
    assertThat(pipeline("flink-pekko.actor.default-dispatcher-5"))
        .isEqualTo(ThreadRoles.FLINK_RUNTIME);
    assertThat(pipeline("wal-apply_1"))
        .as("QuestDB writing rows into its tables")
        .isEqualTo(ThreadRoles.STORE);
    assertThat(pipeline("http_0")).as("QuestDB's HTTP worker").isEqualTo(ThreadRoles.STORE);
    assertThat(pipeline("HttpClient-3-SelectorManager"))
        .as("a job's time-series writer")
        .isEqualTo(ThreadRoles.JOBS);
    assertThat(pipeline("watch-city.readings")).isEqualTo(ThreadRoles.MEASURING);
    assertThat(pipeline("MQTT Call: bench-residents")).isEqualTo(ThreadRoles.MEASURING);
    assertThat(pipeline(ThreadCpu.SAMPLER)).isEqualTo(ThreadRoles.MEASURING);
    assertThat(pipeline("something nobody named")).isEqualTo(ThreadRoles.OTHER);
  }

  @Test
  void theStoreAloneCountsOnlyQuestDbsThreads() {
    assertThat(ThreadRoles.store("wal-apply_0")).contains(ThreadRoles.STORE);
    assertThat(ThreadRoles.store("shared-write_1")).contains(ThreadRoles.STORE);
    assertThat(ThreadRoles.store("store-writer-0")).as("the benchmark's own writer").isEmpty();
    assertThat(ThreadRoles.store("HttpClient-3-SelectorManager")).isEmpty();
  }
}
