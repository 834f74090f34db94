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
  void pushSendsEachRuleAsAVersionKeyedByItsIdAndRefusesABadFileSendingNothing(@TempDir Path dir)
      throws Exception {
    org.cityops.embedded.EmbeddedKafkaBroker kafka = org.cityops.embedded.SharedServers.kafka();
    kafka.createTopics(1, java.util.List.of(org.cityops.events.Topics.RULES));
    long before = System.currentTimeMillis();
    String[] result =
        run(
            "push",
            "examples/rio-rain-rules.yaml",
            "--kafka",
            kafka.bootstrapServers(),
            "--by",
            "maria",
            "--effective-from",
            "2026-12-01T03:00:00Z");
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1])
        .contains("pushed heavy-rain v1 (heavy_rain), in force from 2026-12-01T03:00:00Z")
        .contains("pushed siren-level v1 (siren_level), in force from 2026-12-01T03:00:00Z");
    var records =
        org.cityops.embedded.TopicReader.readUntil(
                kafka.bootstrapServers(),
                org.cityops.events.Topics.RULES,
                r -> r.stream().filter(c -> c.timestamp() >= before).count() >= 2,
                java.time.Duration.ofSeconds(30))
            .stream()
            .filter(c -> c.timestamp() >= before)
            .toList();
    assertThat(records)
        .extracting(
            org.apache.kafka.clients.consumer.ConsumerRecord::key,
            r -> org.cityops.events.EventJson.readRainRuleChange(r.value()).pushedBy())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("heavy-rain", "maria"),
            org.assertj.core.groups.Tuple.tuple("siren-level", "maria"));
    var heavy =
        records.stream()
            .map(r -> org.cityops.events.EventJson.readRainRuleChange(r.value()))
            .filter(c -> c.ruleId().equals("heavy-rain"))
            .findFirst()
            .orElseThrow();
    assertThat(heavy.strongMm()).isEqualTo(25.1);
    assertThat(heavy.effectiveFrom()).isEqualTo(java.time.Instant.parse("2026-12-01T03:00:00Z"));

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "rules: []\n");
    String[] refused = run("push", bad.toString(), "--kafka", kafka.bootstrapServers());
    assertThat(refused[0]).isEqualTo("1");
    assertThat(refused[2]).startsWith(bad + ":1: rules: ");
  }

  @Test
  void pushToAKafkaThatDoesNotAnswerSaysSoInOneLine() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new RulesMain())
            .setErr(new PrintWriter(err))
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  cl.getErr().println("cityops-rules: " + e.getMessage());
                  return 1;
                })
            .execute(
                "push",
                "examples/rio-rain-rules.yaml",
                "--kafka",
                "127.0.0.1:" + org.cityops.embedded.FreePorts.next(),
                "--kafka-property",
                "max.block.ms=500");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("cityops-rules: ").doesNotContain("\n\tat ");
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
