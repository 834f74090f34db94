package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.console.audit.AuditLog;
import org.cityops.console.auth.LoginThrottle;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.embedded.ManualClock;
import org.cityops.embedded.SharedServers;
import org.junit.jupiter.api.Test;

/**
 * Password guessing at the real console, on a clock the test moves: five wrong passwords lock the
 * name (even the right password then waits, told how long), the lock doubles when guessing goes on,
 * a name that does not exist is locked the same way, and one address trying many names is locked
 * too; every refusal is in the audit log.
 */
class ConsoleLoginThrottleTest {
  @Test
  void guessingIsSlowedDownByNameAndByAddress() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    Users users = Users.parse(List.of("ana:supervisor:" + Users.hash("ana-secret")), "test");
    AuditLog audit = AuditLog.inMemory();
    try (Publisher control = new Publisher(SharedServers.kafka().bootstrapServers(), Map.of());
        ConsoleServer server =
            new ConsoleServer(new Board(), users, control, clock, null, null, audit)
                .start("127.0.0.1", 0)) {
      ApiBrowser guesser = new ApiBrowser(server.port());
      List<Integer> answers = new ArrayList<>();
      for (int i = 0; i < LoginThrottle.PER_NAME; i++) {
        answers.add(login(guesser, "ana", "guess-" + i).statusCode());
      }
      assertThat(answers).containsOnly(401);
      HttpResponse<String> locked = login(guesser, "ana", "ana-secret");
      assertThat(locked.statusCode()).as("the right password, while locked").isEqualTo(429);
      assertThat(locked.headers().firstValue("Retry-After")).contains("60");
      assertThat(ApiBrowser.json(locked).get("error").asText())
          .isEqualTo("too many failed logins for 'ana' or from here; try again in 60 s");

      clock.advance(Duration.ofSeconds(61));
      for (int i = 0; i < LoginThrottle.PER_NAME; i++) {
        login(guesser, "ana", "again-" + i);
      }
      HttpResponse<String> longer = login(guesser, "ana", "ana-secret");
      assertThat(longer.headers().firstValue("Retry-After")).as("doubled").contains("120");
      clock.advance(Duration.ofSeconds(121));
      assertThat(login(guesser, "ana", "ana-secret").statusCode()).isEqualTo(200);

      // a name that is not an account is locked the same way: the answer tells nothing
      for (int i = 0; i < LoginThrottle.PER_NAME; i++) {
        login(guesser, "nobody", "guess");
      }
      assertThat(login(guesser, "nobody", "guess").statusCode()).isEqualTo(429);

      // one address trying a different name each time
      clock.advance(Duration.ofMinutes(20));
      int refused = 0;
      for (int i = 0; i < LoginThrottle.PER_ADDRESS + 5; i++) {
        if (login(guesser, "user-" + i, "guess").statusCode() == 429) {
          refused++;
        }
      }
      assertThat(refused).as("names tried after the address was locked").isEqualTo(5);
      System.out.printf(
          "login throttle: 5 wrong passwords lock a name 60 s, 5 more 120 s; %d of %d names from"
              + " one address refused once it was locked; audit entries %d%n",
          refused, LoginThrottle.PER_ADDRESS + 5, audit.recent(AuditLog.RECENT).size());
      assertThat(audit.recent(AuditLog.RECENT))
          .filteredOn(e -> e.status() == 429)
          .hasSize(1 + 1 + 1 + 5);
    }
  }

  private static HttpResponse<String> login(ApiBrowser browser, String name, String password)
      throws Exception {
    return browser.post(
        "/api/login", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
  }
}
