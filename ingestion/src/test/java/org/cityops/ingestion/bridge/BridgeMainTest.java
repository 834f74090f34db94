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
  void anUnknownOptionIsAUsageError() {
    String[] result = run("--kafak", "k:9092");
    assertThat(result[0]).isEqualTo("2");
    assertThat(result[1])
        .contains("Unknown options: '--kafak'")
        .contains("Possible solutions: --kafka");
  }
}
