package org.cityops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.timeseries.StoreEndpoint;
import org.junit.jupiter.api.Test;

/**
 * The local cluster runs the jobs as they are deployed and measured: the pipeline defaults (object
 * reuse; without it every chained hand-over copies the record through its serializer), no Kryo
 * fallback, checkpoints in files under the data folder.
 */
class LocalStackFlinkTest {

  @Test
  void theLocalClusterRunsTheJobsWithThePipelineDefaults() {
    Path data = Path.of("/tmp/cityops-local-test");
    LocalOptions options =
        new LocalOptions(data, null, null, null, false, Duration.ofSeconds(7), 2, -1);
    InfluxTarget store =
        new InfluxTarget(
            StoreEndpoint.Api.V2,
            "http://127.0.0.1:9000",
            "cityops",
            "cityops",
            null,
            5_000,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10));

    Configuration flink = LocalStack.flinkConfiguration(options, store);

    assertThat(flink.get(PipelineOptions.OBJECT_REUSE)).isTrue();
    assertThat(flink.get(PipelineOptions.GENERIC_TYPES)).isFalse();
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(data.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
  }
}
