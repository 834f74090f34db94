package org.cityops.timeseries;

import java.util.List;

/**
 * Writes a batch of line-protocol lines to a time-series store, or throws. Not thread-safe: one
 * writer per thread or per caller that serialises its writes.
 */
public interface LineWriter extends AutoCloseable {
  void write(List<String> lines) throws Exception;

  @Override
  void close();

  static LineWriter open(StoreEndpoint target) {
    return target.api() == StoreEndpoint.Api.V1
        ? new V1LineWriter(target)
        : new V2LineWriter(target);
  }
}
