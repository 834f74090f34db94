package org.cityops.local;

import java.nio.file.Path;
import java.time.Duration;
import org.cityops.jobs.sinks.influx.InfluxTarget;

/**
 * What the local stack starts and what it connects to. A null address means "start the embedded
 * one". Immutable.
 *
 * @param influx an external time-series store; null with {@code localInfluxDb1} false means the
 *     embedded QuestDB
 * @param localInfluxDb1 start Debian's influxd (InfluxDB 1.x) as a child process and write there
 */
public record LocalOptions(
    Path dataDir,
    String mqttUri,
    String kafkaBootstrap,
    InfluxTarget influx,
    boolean localInfluxDb1,
    Duration checkpointInterval,
    int parallelism) {

  public LocalOptions {
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism must be 1..64, was " + parallelism);
    }
    if (influx != null && localInfluxDb1) {
      throw new IllegalArgumentException("give either --influx-url or --influxdb1-local, not both");
    }
  }
}
