package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.console.audit.AuditLog;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.events.Area;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit log against the real console and Kafka: each operator's request that asks for a change
 * is one entry, accepted or refused, with who, what, on what, the answer and why; the file is a
 * hash chain that {@code verify} checks, that a restart continues, and that refuses to be continued
 * once an entry was changed or removed.
 */
class ConsoleAuditTest {
  private static final String ID = "urban_flooding:audit:1";

  @Test
  void everyAskedForChangeIsOneEntryAcceptedOrRefusedAndTheChainShowsTampering(@TempDir Path dir)
      throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.CONTROL));
    Users users =
        Users.parse(
            List.of(
                "ana:supervisor:" + Users.hash("ana-secret"),
                "otto:operator:" + Users.hash("otto-secret"),
                "vera:viewer:" + Users.hash("vera-secret")),
            "test");
    Board board = new Board();
    Instant t0 = Instant.parse("2026-11-29T03:00:00Z");
    board.take(
        new Incident(
            ID,
            IncidentType.URBAN_FLOODING,
            new Area(new GeoPoint(-22.91, -43.21), 500, null),
            Severity.SEVERE,
            IncidentStatus.ACTIVE_UNACK,
            List.of(new Evidence("reporters", ID, t0, 5, null)),
            1,
            t0,
            t0,
            null));
    Path file = dir.resolve("audit.log");
    AuditLog audit = AuditLog.open(file);
    try (Publisher control = new Publisher(kafka.bootstrapServers(), Map.of());
        ConsoleServer server =
            new ConsoleServer(board, users, control, Clock.systemUTC(), null, null, audit)
                .start("127.0.0.1", 0)) {
      int port = server.port();
      ApiBrowser guesser = new ApiBrowser(port);
      assertThat(
              guesser.post("/api/login", "{\"name\":\"ana\",\"password\":\"guess\"}").statusCode())
          .isEqualTo(401);
      ApiBrowser stranger = new ApiBrowser(port);
      assertThat(
              stranger
                  .post("/api/incidents/" + ID + "/actions", "{\"action\":\"resolve\"}")
                  .statusCode())
          .isEqualTo(401);
      ApiBrowser otto = new ApiBrowser(port).login("otto", "otto-secret");
      assertThat(
              otto.post(
                      "/api/incidents/" + ID + "/actions",
                      "{\"action\":\"acknowledge\",\"note\":\"on it\"}")
                  .statusCode())
          .isEqualTo(202);
      assertThat(
              otto.post("/api/incidents/" + ID + "/actions", "{\"action\":\"approve_warning\"}")
                  .statusCode())
          .isEqualTo(403);
      ApiBrowser vera = new ApiBrowser(port).login("vera", "vera-secret");
      assertThat(
              vera.post("/api/incidents/" + ID + "/actions", "{\"action\":\"resolve\"}")
                  .statusCode())
          .isEqualTo(403);
      ApiBrowser ana = new ApiBrowser(port).login("ana", "ana-secret");
      assertThat(
              ana.post("/api/incidents/" + ID + "/actions", "{\"action\":\"approve_warning\"}")
                  .statusCode())
          .isEqualTo(202);
      assertThat(otto.post("/api/logout", "").statusCode()).isEqualTo(204);

      // what a supervisor sees of it, and nobody else
      assertThat(otto.get("/api/audit").statusCode()).isEqualTo(401); // logged out
      assertThat(vera.get("/api/audit").statusCode()).isEqualTo(403);
      assertThat(ApiBrowser.json(ana.get("/api/audit?limit=3")).size()).isEqualTo(3);
      assertThat(ana.get("/api/audit?limit=0").statusCode()).isEqualTo(400);
    }
    audit.close();

    List<AuditLog.Entry> entries = read(file);
    List<String> seen = new ArrayList<>();
    for (AuditLog.Entry e : entries) {
      seen.add(e.actor() + " " + e.action() + " " + e.status() + " " + e.detail());
    }
    System.out.println("audit log:\n  " + String.join("\n  ", seen));
    assertThat(seen)
        .containsExactly(
            "ana login 401 unknown user or wrong password",
            "anonymous POST /api/incidents/" + ID + "/actions 401 log in first",
            "otto login 200 null",
            seen.get(3), // otto's acknowledgement: its message id, checked below
            "otto incident.approve_warning 403 approving a public warning needs a supervisor;"
                + " otto is operator",
            "vera login 200 null",
            "vera incident.resolve 403 vera may watch but not act (viewer)",
            "ana login 200 null",
            seen.get(8), // ana's approval
            "otto logout 204 null");
    assertThat(entries.get(3).action()).isEqualTo("incident.acknowledge");
    assertThat(entries.get(3).status()).isEqualTo(202);
    assertThat(entries.get(3).detail()).startsWith("message ").endsWith(": on it");
    assertThat(entries.get(3).target()).isEqualTo(ID);
    assertThat(entries.get(3).role()).isEqualTo("operator");
    assertThat(entries.get(3).from()).isEqualTo("127.0.0.1");
    assertThat(entries.get(8).action()).isEqualTo("incident.approve_warning");
    assertThat(entries.get(8).role()).isEqualTo("supervisor");
    assertThat(String.join("\n", Files.readAllLines(file))).doesNotContain("guess", "secret");
    assertThat(AuditLog.verify(file).sound()).isTrue();
    assertThat(AuditLog.verify(file).entries()).isEqualTo(10);

    // a restart continues the chain
    try (AuditLog again = AuditLog.open(file)) {
      assertThat(again.record("ana", "supervisor", "127.0.0.1", "login", null, 200, null).seq())
          .isEqualTo(11);
    }
    assertThat(AuditLog.verify(file).entries()).isEqualTo(11);
    assertThat(verifyCommand(file)).isZero();

    // someone edits who did it: that line and the chain break, and the log is not continued
    List<String> lines = Files.readAllLines(file);
    Path edited = dir.resolve("edited.log");
    List<String> changed = new ArrayList<>(lines);
    changed.set(6, changed.get(6).replace("\"actor\":\"vera\"", "\"actor\":\"otto\""));
    Files.write(edited, changed);
    assertThat(AuditLog.verify(edited))
        .satisfies(
            v -> {
              assertThat(v.brokenLine()).isEqualTo(7);
              assertThat(v.problem()).isEqualTo("its content does not match its hash");
              assertThat(v.entries()).isEqualTo(6);
            });
    assertThatThrownBy(() -> AuditLog.open(edited))
        .hasMessageContaining("does not verify at line 7");
    assertThat(verifyCommand(edited)).isEqualTo(1);
    // or removes a refusal
    Path removed = dir.resolve("removed.log");
    List<String> fewer = new ArrayList<>(lines);
    fewer.remove(4);
    Files.write(removed, fewer);
    assertThat(AuditLog.verify(removed).brokenLine()).isEqualTo(5);
    assertThat(AuditLog.verify(removed).problem()).isEqualTo("entry 6 where 5 was due");
  }

  private static List<AuditLog.Entry> read(Path file) throws Exception {
    List<AuditLog.Entry> out = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(json.readValue(line, AuditLog.Entry.class));
    }
    return out;
  }

  private static int verifyCommand(Path file) {
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(new java.io.ByteArrayOutputStream(), true));
      return new CommandLine(new ConsoleMain()).execute("verify-audit", file.toString());
    } finally {
      System.setOut(original);
    }
  }
}
