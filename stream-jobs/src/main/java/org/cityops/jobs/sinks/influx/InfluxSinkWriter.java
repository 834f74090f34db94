package org.cityops.jobs.sinks.influx;

import com.influxdb.client.write.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.cityops.timeseries.LineWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of {@link InfluxSink}; runs in the task's mailbox thread, so it needs no locks. */
final class InfluxSinkWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  private final InfluxTarget target;
  private final PointMapper<T> mapper;
  private final LineWriter writer;
  private final ProcessingTimeService timeService;
  private final List<String> buffer;
  private final Counter pointsWritten;
  private final Counter writeRetries;
  private volatile boolean closed;

  InfluxSinkWriter(
      InfluxTarget target,
      PointMapper<T> mapper,
      LineWriter writer,
      ProcessingTimeService timeService,
      SinkWriterMetricGroup metrics) {
    this.target = target;
    this.mapper = mapper;
    this.writer = writer;
    this.timeService = timeService;
    this.buffer = new ArrayList<>(target.batchSize());
    this.pointsWritten = metrics.counter("influxPointsWritten");
    this.writeRetries = metrics.counter("influxWriteRetries");
    scheduleFlush();
  }

  private void scheduleFlush() {
    timeService.registerTimer(
        timeService.getCurrentProcessingTime() + target.flushInterval().toMillis(),
        time -> {
          if (!closed) {
            writeBuffer();
            scheduleFlush();
          }
        });
  }

  @Override
  public void write(T element, Context context) throws InterruptedException {
    for (Point point : mapper.toPoints(element)) {
      buffer.add(point.toLineProtocol());
      if (buffer.size() >= target.batchSize()) {
        writeBuffer();
      }
    }
  }

  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    writeBuffer();
  }

  /** Writes the buffer, retrying with backoff until it lands or the writer closes. */
  private void writeBuffer() throws InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    Duration backoff = FIRST_BACKOFF;
    int failures = 0;

    while (!closed) {
      try {
        writer.write(buffer);
        if (failures > 0) {
          LOG.info("{}: write succeeded after {} failed attempts", target.describe(), failures);
        }

        pointsWritten.inc(buffer.size());
        buffer.clear();
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        writeRetries.inc();
        failures++;
        // 1st, 2nd, 4th, 8th... failure: a long outage is reported without flooding the log
        if (Integer.bitCount(failures) == 1) {
          LOG.warn(
              "{}: write of {} points failed {} time(s), last: {}; retrying every {} ms at most",
              target.describe(),
              buffer.size(),
              failures,
              e.toString(),
              target.maxBackoff().toMillis());
        }
        Thread.sleep(backoff.toMillis());
        backoff =
            backoff.multipliedBy(2).compareTo(target.maxBackoff()) > 0
                ? target.maxBackoff()
                : backoff.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    writer.close();
  }
}
