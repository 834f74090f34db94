package org.cityops.timeseries;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import java.util.List;

/**
 * Writes through influxdb-client-java's blocking v2 write API ({@code /api/v2/write}), which
 * InfluxDB 2.x/3.x and QuestDB accept. Blocking on purpose: the sink must know a batch landed
 * before a checkpoint completes.
 */
final class V2LineWriter implements LineWriter {
  private final InfluxDBClient client;
  private final WriteApiBlocking writeApi;
  private final StoreEndpoint target;

  V2LineWriter(StoreEndpoint target) {
    this.target = target;
    InfluxDBClientOptions.Builder options =
        InfluxDBClientOptions.builder()
            .url(target.url())
            .bucket(target.database())
            .org(target.org());
    if (target.token() != null) {
      options.authenticateToken(target.token().toCharArray());
    }
    this.client = InfluxDBClientFactory.create(options.build());
    this.writeApi = client.getWriteApiBlocking();
  }

  @Override
  public void write(List<String> lines) {
    writeApi.writeRecords(target.database(), target.org(), WritePrecision.NS, lines);
  }

  @Override
  public void close() {
    client.close();
  }
}
