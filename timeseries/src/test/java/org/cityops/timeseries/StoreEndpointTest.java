package org.cityops.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cityops.timeseries.StoreEndpoint.Api;
import org.junit.jupiter.api.Test;

class StoreEndpointTest {

  @Test
  void badAddressesAndNamesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new StoreEndpoint(Api.V1, "influxdb:8086", "cityops", "o", null))
        .hasMessage("url must be an http(s) URL, was 'influxdb:8086'");
    assertThatThrownBy(() -> new StoreEndpoint(Api.V1, "ftp://influxdb", "cityops", "o", null))
        .hasMessageStartingWith("url must be");
    assertThatThrownBy(() -> new StoreEndpoint(Api.V1, "http://", "cityops", "o", null))
        .hasMessageStartingWith("url must be");
    assertThatThrownBy(() -> new StoreEndpoint(Api.V2, "http://db:8086", "a b", "o", null))
        .hasMessageStartingWith("database must be 1-64 letters");
    assertThatThrownBy(() -> new StoreEndpoint(Api.V2, "http://db:8086", "x".repeat(65), "o", null))
        .hasMessageStartingWith("database must be");
    assertThatThrownBy(() -> new StoreEndpoint(null, "http://db:8086", "cityops", "o", null))
        .hasMessage("api is required");
  }

  @Test
  void theTokenNeverAppearsInWhatIsPrintedOrLogged() {
    StoreEndpoint e =
        new StoreEndpoint(Api.V2, "https://db.city:8086", "cityops", "city", "s3cr3t-token");
    assertThat(e.toString()).doesNotContain("s3cr3t").contains("with a token");
    assertThat(e.describe())
        .isEqualTo("InfluxDB v2 write API at https://db.city:8086, database/bucket 'cityops'");
  }
}
