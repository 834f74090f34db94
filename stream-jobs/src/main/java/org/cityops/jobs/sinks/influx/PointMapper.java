package org.cityops.jobs.sinks.influx;

import com.influxdb.client.write.Point;
import java.io.Serializable;
import java.util.List;

/**
 * Turns one element into the points it stores. Points must be idempotent: the same element always
 * yields the same measurement, tags and timestamp, so a replay overwrites instead of duplicating.
 */
@FunctionalInterface
public interface PointMapper<T> extends Serializable {
  List<Point> toPoints(T element);
}
