package org.cityops.timeseries;

import java.io.Serializable;
import java.net.URI;

/**
 * Where line protocol is written: the store's address, its API and the credentials. Checked when
 * built; the messages name the field, and the callers' own settings name the option it came from.
 *
 * @param api V2 writes through influxdb-client-java's write API ({@code /api/v2/write}: InfluxDB
 *     2.x/3.x and QuestDB); V1 posts line protocol to {@code /write} (InfluxDB 1.x)
 * @param database the v1 database, or the v2 bucket
 * @param org v2 organisation (ignored by QuestDB and v1)
 * @param token v2 token (or a v1 token where the server wants one), or null
 */
public record StoreEndpoint(Api api, String url, String database, String org, String token)
    implements Serializable {

  public enum Api {
    V1,
    V2
  }

  public StoreEndpoint {
    if (api == null) {
      throw new IllegalArgumentException("api is required");
    }
    if (!isHttpUrl(url)) {
      throw new IllegalArgumentException("url must be an http(s) URL, was '" + url + "'");
    }
    if (!isDatabaseName(database)) {
      throw new IllegalArgumentException(
          "database must be 1-64 letters, digits, _ . or -, was '" + database + "'");
    }
  }

  public static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public static boolean isDatabaseName(String database) {
    return database != null && database.matches("[A-Za-z0-9_.-]{1,64}");
  }

  public String describe() {
    return (api == Api.V1 ? "InfluxDB 1.x /write" : "InfluxDB v2 write API")
        + " at "
        + url
        + ", database/bucket '"
        + database
        + "'";
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "StoreEndpoint[" + describe() + (token == null ? "" : ", with a token") + "]";
  }
}
