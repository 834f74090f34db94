package org.cityops.jobs.common;

/**
 * A Kafka record after parsing in the source: an event, or a rejection bound for the dead-letter
 * topic. {@link ParsedWatermarks} lets only events move event time.
 */
public interface ParsedRecord {
  /** Whether the record parsed into an event; false for a rejection. */
  boolean isEvent();

  /** Event time: the event's own time, or the record's timestamp for a rejection. */
  long eventTimeMillis(long recordTimestamp);
}
