package org.cityops.jobs.sinks.influx;

import java.util.List;

/** Writes a batch of line-protocol lines to a time-series store, or throws. */
interface LineWriter extends AutoCloseable {
  void write(List<String> lines) throws Exception;

  @Override
  void close();

  static LineWriter open(InfluxTarget target) {
    return target.api() == InfluxTarget.Api.V1
        ? new V1LineWriter(target)
        : new V2LineWriter(target);
  }
}
