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
 * @param consolePort the operators' console's port; 0 for any free one, -1 for no console
 * @param roads the road network and detectors the traffic job judges (and the simulator drives)
 */
public record LocalOptions(
    Path dataDir,
    String mqttUri,
    String kafkaBootstrap,
    InfluxTarget influx,
    boolean localInfluxDb1,
    Duration checkpointInterval,
    int parallelism,
    int consolePort,
    org.cityops.ingestion.simulator.traffic.SyntheticTraffic roads) {

  /** On the demo city's roads. */
  public LocalOptions(
      Path dataDir,
      String mqttUri,
      String kafkaBootstrap,
      InfluxTarget influx,
      boolean localInfluxDb1,
      Duration checkpointInterval,
      int parallelism,
      int consolePort) {
    this(
        dataDir,
        mqttUri,
        kafkaBootstrap,
        influx,
        localInfluxDb1,
        checkpointInterval,
        parallelism,
        consolePort,
        org.cityops.ingestion.simulator.traffic.SyntheticTraffic.standard());
  }

  /** With the console on any free port. */
  public LocalOptions(
      Path dataDir,
      String mqttUri,
      String kafkaBootstrap,
      InfluxTarget influx,
      boolean localInfluxDb1,
      Duration checkpointInterval,
      int parallelism) {
    this(
        dataDir,
        mqttUri,
        kafkaBootstrap,
        influx,
        localInfluxDb1,
        checkpointInterval,
        parallelism,
        0);
  }

  public LocalOptions {
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism must be 1..64, was " + parallelism);
    }
    if (consolePort < -1 || consolePort > 65_535) {
      throw new IllegalArgumentException("the console port must be 0..65535 (or -1: none)");
    }
    if (influx != null && localInfluxDb1) {
      throw new IllegalArgumentException("give either --influx-url or --influxdb1-local, not both");
    }
  }
}
