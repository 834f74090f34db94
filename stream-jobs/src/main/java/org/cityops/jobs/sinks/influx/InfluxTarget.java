package org.cityops.jobs.sinks.influx;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.timeseries.LineWriter;
import org.cityops.timeseries.StoreEndpoint;
import org.cityops.timeseries.StoreEndpoint.Api;

/**
 * Where and how the time-series sink writes.
 *
 * @param api V2 writes through influxdb-client-java's write API ({@code /api/v2/write}: InfluxDB
 *     2.x/3.x and QuestDB); V1 posts line protocol to {@code /write} (InfluxDB 1.x)
 * @param database the v1 database, or the v2 bucket
 * @param org v2 organisation (ignored by QuestDB and v1)
 * @param token v2 token, or null
 * @param batchSize points buffered before a write; the buffer never holds more
 * @param flushInterval a non-full buffer is written at least this often
 * @param maxBackoff retries of a failed write back off exponentially up to this
 */
public record InfluxTarget(
    Api api,
    String url,
    String database,
    String org,
    String token,
    int batchSize,
    Duration flushInterval,
    Duration maxBackoff)
    implements Serializable {

  public InfluxTarget {
    if (api == null) {
      throw new ConfigException("influx.api", "is required");
    }
    if (!StoreEndpoint.isHttpUrl(url)) {
      throw new ConfigException("influx.url", "must be an http(s) URL, was '" + url + "'");
    }
    if (!StoreEndpoint.isDatabaseName(database)) {
      throw new ConfigException(
          "influx.database", "must be 1-64 letters, digits, _ . or -, was '" + database + "'");
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new ConfigException("influx.batch-size", "must be 1..100000, was " + batchSize);
    }
  }

  /**
   * From {@code influx.*} settings; the token, a secret, may instead come from the environment
   * variable {@code CITYOPS_INFLUX_TOKEN}, so it need not stand in a command line or the Flink UI.
   */
  public static InfluxTarget from(Settings s) {
    String token = s.optionalText("influx.token");
    if (token == null) {
      token = System.getenv("CITYOPS_INFLUX_TOKEN");
    }
    return new InfluxTarget(
        s.choice("influx.api", Api.class, Api.V2),
        s.text("influx.url", null),
        s.text("influx.database", "cityops"),
        s.text("influx.org", "cityops"),
        token,
        s.integer("influx.batch-size", 5_000, 1, 100_000),
        s.duration(
            "influx.flush-interval",
            Duration.ofSeconds(1),
            Duration.ofMillis(10),
            Duration.ofMinutes(10)),
        s.duration(
            "influx.max-backoff",
            Duration.ofSeconds(10),
            Duration.ofMillis(10),
            Duration.ofMinutes(10)));
  }

  /** The store's address and credentials, for a {@link LineWriter}. */
  public StoreEndpoint endpoint() {
    return new StoreEndpoint(api, url, database, org, token);
  }

  public String describe() {
    return endpoint().describe();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "InfluxTarget["
        + describe()
        + ", batch "
        + batchSize
        + ", flush "
        + flushInterval
        + ", max backoff "
        + maxBackoff
        + "]";
  }
}
