package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.cityops.ingestion.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BridgeMainTest {
  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new BridgeMain())
            .setErr(new PrintWriter(err))
            .setExecutionExceptionHandler(new OneLineErrors())
            .execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void aBadSettingIsOneLineNamingIt() {
    String[] result = run("--client-id", "bridge one", "--kafka", "k:9092");
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1].strip())
        .isEqualTo(
            "cityops-bridge: bridge setting 'clientId' must be 1-64 letters, digits, _ or -, was"
                + " bridge one");
  }

  @Test
  void aBrokerAddressThatIsNoUriIsRefusedBeforeConnecting() {
    String[] result = run("--mqtt", "mosquitto:1883");
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1]).contains("'mqttServerUri' must look like tcp://host:port");
  }

  @Test
  void aStoreAddressThatIsNoUrlIsNamedByItsOption() {
    String[] result = run("--influx-url", "influxdb:8086");
    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1].strip())
        .isEqualTo(
            "cityops-bridge: bridge setting '--influx-url' must be an http(s) URL, was"
                + " 'influxdb:8086'");
    result = run("--influx-url", "http://influxdb:8086", "--influx-database", "city ops");
    assertThat(result[1]).contains("bridge setting '--influx-database' must be 1-64 letters");
  }

  @Test
  void aStoreApiThatDoesNotExistIsAUsageError() {
    String[] result = run("--influx-api", "V3");
    assertThat(result[0]).isEqualTo("2");
    assertThat(result[1]).contains("--influx-api").contains("V1, V2");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    String[] result = run("--kafak", "k:9092");
    assertThat(result[0]).isEqualTo("2");
    assertThat(result[1])
        .contains("Unknown options: '--kafak'")
        .contains("Possible solutions: --kafka");
  }
}
