package org.cityops.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.cityops.console.ConsoleServer;
import org.cityops.console.Publisher;
import org.cityops.console.audit.AuditLog;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.FreePorts;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.ControlRecords;
import org.cityops.events.EventJson;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Topics;
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
    Path good = Path.of("examples/rio-rules.yaml");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(good).replace("strong-mm: 25.1", "strong-mm: 2"));

    String[] result = run("validate", good.toString(), bad.toString());

    assertThat(result[0]).isEqualTo("1");
    assertThat(result[1].strip())
        .isEqualTo(
            good
                + ": valid: heavy-rain v1 (heavy_rain), siren-level v1 (siren_level),"
                + " landslide-risk v1 (landslide_risk), water-level v1 (water_level), urban-flooding"
                + " v1 (urban_flooding), traffic-incident v1 (traffic_incident), congestion v1"
                + " (congestion), accident-reports v1 (accident_reports), dengue v1"
                + " (disease_hotspot)");
    assertThat(result[2].strip())
        .isEqualTo(bad + ":13: rules[0].strong-mm: must be above moderate-mm (5.0), was 2.0");
    assertThat(run("validate", good.toString())[0]).isEqualTo("0");
  }

  @Test
  void pushGoesThroughTheConsoleAsTheEngineerWhoLoggedIn(@TempDir Path dir) throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.CONTROL));
    Users users =
        Users.parse(
            List.of(
                "maria:engineer:" + Users.hash("maria-secret"),
                "otto:operator:" + Users.hash("otto-secret")),
            "test");
    Path maria = dir.resolve("maria.password");
    Files.writeString(maria, "maria-secret\n");
    Path otto = dir.resolve("otto.password");
    Files.writeString(otto, "otto-secret");
    Path audit = dir.resolve("audit.log");
    try (Publisher control = new Publisher(kafka.bootstrapServers(), Map.of());
        AuditLog log = AuditLog.open(audit);
        ConsoleServer console =
            new ConsoleServer(new Board(), users, control, Clock.systemUTC(), null, null, log)
                .start("127.0.0.1", 0)) {
      String url = "http://127.0.0.1:" + console.port() + "/";
      Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
      String[] result =
          run(
              "push",
              "examples/rio-rules.yaml",
              "--console",
              url,
              "--user",
              "maria",
              "--password-file",
              maria.toString(),
              "--effective-from",
              from.toString());
      assertThat(result[0]).as(result[2]).isEqualTo("0");
      assertThat(result[1].lines())
          .containsExactly(
              "pushed heavy-rain v1, in force from " + from + ", pushed by maria",
              "pushed siren-level v1, in force from " + from + ", pushed by maria",
              "pushed landslide-risk v1, in force from " + from + ", pushed by maria",
              "pushed water-level v1, in force from " + from + ", pushed by maria",
              "pushed urban-flooding v1, in force from " + from + ", pushed by maria",
              "pushed traffic-incident v1, in force from " + from + ", pushed by maria",
              "pushed congestion v1, in force from " + from + ", pushed by maria",
              "pushed accident-reports v1, in force from " + from + ", pushed by maria",
              "pushed dengue v1, in force from " + from + ", pushed by maria");
      Map<String, RainRuleChange> sent = new java.util.HashMap<>();
      for (String id :
          List.of(
              "heavy-rain",
              "siren-level",
              "landslide-risk",
              "water-level",
              "urban-flooding",
              "traffic-incident",
              "congestion",
              "accident-reports",
              "dengue")) {
        List<byte[]> values =
            TopicReader.valuesWithKey(
                kafka.bootstrapServers(), Topics.CONTROL, id, 1, Duration.ofSeconds(20));
        assertThat(values).hasSize(1);
        assertThat(ControlRecords.isRuleChange(values.get(0))).isTrue();
        sent.put(id, EventJson.readRainRuleChange(values.get(0)));
      }
      assertThat(sent.get("heavy-rain").strongMm()).isEqualTo(25.1);
      assertThat(sent.get("heavy-rain").effectiveFrom()).isEqualTo(from);
      assertThat(sent.get("heavy-rain").pushedBy()).isEqualTo("maria");
      assertThat(sent.get("siren-level").hourMm()).isEqualTo(40.0);
      assertThat(sent.get("landslide-risk").landslide().veryHigh())
          .isEqualTo(new RainRuleChange.Bounds(50.0, 175.0, 250.0));
      assertThat(sent.get("water-level").water())
          .isEqualTo(new RainRuleChange.WaterLevels(2.5, 3.5, 4.5, 0.5, List.of()));
      assertThat(sent.get("urban-flooding").flooding())
          .isEqualTo(new RainRuleChange.UrbanFlooding(3, 25.1));
      assertThat(sent.get("traffic-incident").california())
          .isEqualTo(new RainRuleChange.California(8.0, 0.5, 0.3, 30.0, 0.4));
      assertThat(sent.get("congestion").congestion())
          .isEqualTo(new RainRuleChange.CongestionLevels(0.75, 0.5, 0.25));
      assertThat(sent.get("accident-reports").accidents())
          .isEqualTo(new RainRuleChange.AccidentReports(2));
      assertThat(sent.get("dengue").levels())
          .isEqualTo(new RainRuleChange.DiseaseLevels(22.0, 8.28, 21.6, 0.95, 5));
      assertThat(log.recent(10))
          .filteredOn(e -> "rules.push".equals(e.action()))
          .singleElement()
          .satisfies(e -> assertThat(e.actor()).isEqualTo("maria"));

      // an operator's account is refused by the console, and the tool says why in one line
      String[] operator =
          run(
              "push",
              "examples/rio-rules.yaml",
              "--console",
              url,
              "--user",
              "otto",
              "--password-file",
              otto.toString());
      assertThat(operator[0]).isEqualTo("1");
      assertThat(operator[2].strip())
          .isEqualTo(
              "cityops-rules: the console refused /api/rules: pushing detection rules needs an"
                  + " engineer or a supervisor; otto is operator");
      String[] wrong =
          run(
              "push",
              "examples/rio-rules.yaml",
              "--console",
              url,
              "--user",
              "maria",
              "--password-file",
              otto.toString());
      assertThat(wrong[2].strip())
          .isEqualTo(
              "cityops-rules: the console refused /api/login: unknown user or wrong password");

      // a bad file is refused before anything is sent, with its line and field
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(bad, "rules: []\n");
      String[] refused =
          run(
              "push",
              bad.toString(),
              "--console",
              url,
              "--user",
              "maria",
              "--password-file",
              maria.toString());
      assertThat(refused[0]).isEqualTo("1");
      assertThat(refused[2]).startsWith(bad + ":1: rules: ");
    }
    assertThat(AuditLog.verify(audit).sound()).isTrue();
  }

  @Test
  void pushWithoutAnAccountOrToAConsoleThatDoesNotAnswerSaysSoInOneLine(@TempDir Path dir)
      throws Exception {
    String[] anonymous =
        run("push", "examples/rio-rules.yaml", "--user", "maria", "--console", "http://x/");
    if (System.getenv("CITYOPS_CONSOLE_PASSWORD") == null) {
      assertThat(anonymous[0]).isEqualTo("2");
      assertThat(anonymous[2].strip())
          .isEqualTo(
              "cityops-rules: push needs a console account: --user and --password-file (or"
                  + " CITYOPS_CONSOLE_PASSWORD)");
    }
    Path password = dir.resolve("password");
    Files.writeString(password, "secret");
    String[] silent =
        run(
            "push",
            "examples/rio-rules.yaml",
            "--console",
            "http://127.0.0.1:" + FreePorts.next() + "/",
            "--user",
            "maria",
            "--password-file",
            password.toString());
    assertThat(silent[0]).isEqualTo("1");
    assertThat(silent[2].strip())
        .startsWith("cityops-rules: the console at http://127.0.0.1:")
        .contains("did not answer")
        .doesNotContain("\n");
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
