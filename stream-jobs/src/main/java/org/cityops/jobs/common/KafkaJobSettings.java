package org.cityops.jobs.common;

import java.time.Duration;
import org.cityops.jobs.sinks.influx.InfluxTarget;

/** A job's settings that include {@link JobBasics}, read through the same names everywhere. */
public interface KafkaJobSettings {
  JobBasics basics();

  default KafkaConnection kafka() {
    return basics().kafka();
  }

  default String consumerGroup() {
    return basics().consumerGroup();
  }

  default boolean boundedInput() {
    return basics().boundedInput();
  }

  default Duration outOfOrderness() {
    return basics().outOfOrderness();
  }

  default Duration idleness() {
    return basics().idleness();
  }

  default Duration checkpointInterval() {
    return basics().checkpointInterval();
  }

  /** Where time series go, or null for none. */
  default InfluxTarget influx() {
    return basics().influx();
  }
}
