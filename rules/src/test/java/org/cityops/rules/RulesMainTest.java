package org.cityops.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesMainTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new RulesMain())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void validateSaysWhichFilesAreValidAndWhereTheOthersAreWrong(@TempDir Path dir) throws Exception {
    Path good = Path.of("examples/rio-rain-rules.yaml");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(good).replace("strong-mm: 25.1", "strong-mm: 2"));

    String[] result = run("validate", good.toString(), bad.toString());

    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1].strip())
        .isEqualTo(good + ": valid: heavy-rain v1 (heavy_rain), siren-level v1 (siren_level)");
    assertThat(result[2].strip())
        .isEqualTo(bad + ":9: rules[0].strong-mm: must be above moderate-mm (5.0), was 2.0");
    assertThat(run("validate", good.toString())[0]).isEqualTo("0");
  }

  @Test
  void helpShowsWhatARuleFileLooksLike() {
    String[] result = run("--help");
    assertThat(result[0]).isEqualTo("0");
    assertThat(result[1])
        .contains("validate")
        .contains("detector: heavy_rain")
        .contains("--rain.rules-file");
    assertThat(run()[0]).isEqualTo("2");
  }
}
