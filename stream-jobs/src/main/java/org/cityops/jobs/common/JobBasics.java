package org.cityops.jobs.common;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.sinks.influx.InfluxTarget;

/**
 * What every Kafka-fed job is told the same way: where Kafka is and as which group, whether to stop
 * at the offsets of its start, how out of order and how quiet its input may be, how often to
 * checkpoint and how, and where time series go.
 *
 * @param boundedInput read up to the offsets that are the latest when the job starts, then finish
 *     (a replay, tests); false: run forever
 * @param unalignedAfter a checkpoint whose barriers have not lined up after this long goes on
 *     unaligned (the records in flight are saved with it instead of waited for); null: always
 *     aligned. See {@link Checkpointing}.
 * @param bufferTimeout how long an output buffer of one of the job's tasks may wait to fill before
 *     it is sent on anyway; see {@link Pacing}
 * @param influx where time series go, or null for none
 */
public record JobBasics(
    KafkaConnection kafka,
    String consumerGroup,
    boolean boundedInput,
    Duration outOfOrderness,
    Duration idleness,
    Duration checkpointInterval,
    Duration unalignedAfter,
    Duration bufferTimeout,
    InfluxTarget influx)
    implements Serializable {

  /** What {@code checkpoint.unaligned-after} is when not given. */
  public static final Duration UNALIGNED_AFTER = Duration.ofMillis(100);

  /** Flink's own buffer timeout: what a job that reads every reading keeps. */
  public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(100);

  /**
   * Reads {@code kafka.*}, {@code checkpoint.interval}, {@code checkpoint.unaligned} (true) and
   * {@code checkpoint.unaligned-after}, {@code influx.*} and the job's own {@code
   * <job>.out-of-orderness}, {@code <job>.idleness} and {@code <job>.buffer-timeout} ({@link
   * #BUFFER_TIMEOUT} when not given).
   */
  public static JobBasics from(Settings s, String job, Duration outOfOrderness, Duration idleness) {
    return from(s, job, outOfOrderness, idleness, BUFFER_TIMEOUT);
  }

  /** As {@link #from(Settings, String, Duration, Duration)}, with the job's own buffer timeout. */
  public static JobBasics from(
      Settings s, String job, Duration outOfOrderness, Duration idleness, Duration bufferTimeout) {
    return new JobBasics(
        KafkaConnection.from(s),
        s.text("kafka.group", "cityops-" + job),
        s.flag("kafka.bounded", false),
        s.duration(job + ".out-of-orderness", outOfOrderness, Duration.ZERO, Duration.ofHours(6)),
        s.duration(job + ".idleness", idleness, Duration.ofSeconds(1), Duration.ofHours(1)),
        s.duration(
            "checkpoint.interval",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofHours(1)),
        s.flag("checkpoint.unaligned", true)
            ? s.duration(
                "checkpoint.unaligned-after", UNALIGNED_AFTER, Duration.ZERO, Duration.ofHours(1))
            : null,
        s.duration(job + ".buffer-timeout", bufferTimeout, Duration.ZERO, Duration.ofSeconds(10)),
        s.optionalText("influx.url") == null ? null : InfluxTarget.from(s));
  }

  /** The same settings reading as consumer group {@code group}. */
  public JobBasics withConsumerGroup(String group) {
    return new JobBasics(
        kafka,
        group,
        boundedInput,
        outOfOrderness,
        idleness,
        checkpointInterval,
        unalignedAfter,
        bufferTimeout,
        influx);
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public JobBasics withInflux(InfluxTarget target) {
    return new JobBasics(
        kafka,
        consumerGroup,
        boundedInput,
        outOfOrderness,
        idleness,
        checkpointInterval,
        unalignedAfter,
        bufferTimeout,
        target);
  }
}
