package org.cityops.jobs.common;

/**
 * A Kafka record's value as it arrived, with its timestamp; parsed downstream by {@link ParseJson},
 * so one bad record becomes a rejection instead of failing the source.
 */
public record RawRecord(byte[] value, long timestampMillis) {}
