package org.cityops.jobs.sinks.influx;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.cityops.timeseries.LineWriter;

/**
 * A Flink sink (Sink v2) into InfluxDB 1.x, 2.x/3.x or QuestDB. Points are batched; the buffer is
 * written when full, every flush interval, and before every checkpoint completes, so a completed
 * checkpoint means its points are stored. A failed write is retried with exponential backoff for as
 * long as it takes, blocking the task: that is the back-pressure that keeps memory bounded while
 * the store is away. Delivery is at-least-once; points are idempotent by (measurement, tags, time),
 * so replays leave no duplicates (QuestDB needs its deduplicated tables, see {@link
 * QuestDbTables}).
 */
public final class InfluxSink<T> implements Sink<T> {
  private final InfluxTarget target;
  private final PointMapper<T> mapper;

  public InfluxSink(InfluxTarget target, PointMapper<T> mapper) {
    this.target = target;
    this.mapper = mapper;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new InfluxSinkWriter<>(
        target,
        mapper,
        LineWriter.open(target.endpoint()),
        context.getProcessingTimeService(),
        context.metricGroup());
  }
}
