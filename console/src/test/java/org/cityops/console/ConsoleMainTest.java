package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cityops.console.auth.Role;
import org.cityops.console.auth.Users;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsoleMainTest {
  @Test
  void hashPasswordPrintsAUsersLineThatLogsIn() {
    InputStream in = System.in;
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream("s3cret-pass\n".getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new ConsoleMain()).execute("hash-password", "ana", "supervisor");
      assertThat(code).isZero();
    } finally {
      System.setIn(in);
      System.setOut(out);
    }
    String line = printed.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).startsWith("ana:supervisor:$2a$").doesNotContain("s3cret");
    Users users = Users.parse(List.of(line), "printed");
    assertThat(users.authenticate("ana", "s3cret-pass"))
        .hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.SUPERVISOR));
    assertThat(users.authenticate("ana", "wrong")).isEmpty();
  }

  @Test
  void withoutAUsersFileItSaysWhatIsMissing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new ConsoleMain());
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    assertThat(cli.execute("--port", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--users FILE is required");
  }
}
