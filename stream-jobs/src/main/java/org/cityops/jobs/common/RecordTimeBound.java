package org.cityops.jobs.common;

import java.time.Duration;
import java.time.Instant;

/**
 * The bound on an event's time the jobs' parse of {@code city.readings} and {@code city.reports}
 * applies: no more than {@link #TOLERANCE} after its Kafka record was written. An event from
 * further ahead describes a moment that had not come when it was sent (epoch milliseconds read as
 * seconds, a clock years off); taken, it would carry its partition's watermark along and make every
 * true event after it late. The record's timestamp, not the job's clock, so a replay or a backtest
 * judges each record as it was written; a producer cannot date its records ahead to get past it, as
 * Kafka 4 brokers refuse a record timestamp more than an hour ahead of their own clock ({@code
 * log.message.timestamp.after.max.ms}, 3,600,000 by default). Stateless.
 */
public final class RecordTimeBound {
  /** Further ahead of its record's timestamp than any device or phone clock is off. */
  public static final Duration TOLERANCE = Duration.ofDays(1);

  private RecordTimeBound() {}

  /**
   * Why {@code time} is refused, or null when it is not: {@code writtenMillis} is the record's
   * Kafka timestamp, negative for none (Kafka's {@code NO_TIMESTAMP}; finite test sources), which
   * bounds nothing.
   */
  public static String problem(Instant time, long writtenMillis) {
    if (writtenMillis < 0) {
      return null;
    }
    Instant written = Instant.ofEpochMilli(writtenMillis);
    if (!time.isAfter(written.plus(TOLERANCE))) {
      return null;
    }
    return "time "
        + time
        + " is more than "
        + TOLERANCE.toHours()
        + " h after the record was written ("
        + written
        + ")";
  }
}
