package org.cityops.console.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's accounts, from a file of lines {@code name:role:bcrypt-hash} (role viewer,
 * operator, supervisor or engineer; {@code #} starts a comment), as {@code console hash-password}
 * prints them. Passwords are checked with BCrypt (Spring Security's implementation: salted, slow by
 * design, and kept up by a large project); a wrong name costs the same time as a wrong password, so
 * timing does not tell which names exist.
 */
public final class Users {
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(10);
  private static final String NO_SUCH_USER = BCRYPT.encode("no such user");

  private final Map<String, Account> accounts;

  private Users(Map<String, Account> accounts) {
    this.accounts = Map.copyOf(accounts);
  }

  public static Users load(Path file) throws IOException {
    return parse(Files.readAllLines(file), file.toString());
  }

  /**
   * @throws IllegalArgumentException naming the source and line of the first malformed entry
   */
  public static Users parse(List<String> lines, String source) {
    Map<String, Account> accounts = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + ":" + (i + 1) + ": ";
      String[] parts = line.split(":", 3);
      if (parts.length != 3 || !parts[0].matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(where + "expected name:role:bcrypt-hash");
      }
      Role role;
      try {
        role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where
                + "role must be viewer, operator, supervisor or engineer, was '"
                + parts[1]
                + "'");
      }
      if (!parts[2].matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        throw new IllegalArgumentException(where + "the password must be a BCrypt hash");
      }
      if (accounts.put(parts[0], new Account(parts[0], role, parts[2])) != null) {
        throw new IllegalArgumentException(where + "user '" + parts[0] + "' appears twice");
      }
    }
    return new Users(accounts);
  }

  /** The account, when the name exists and the password is its own. */
  public Optional<Account> authenticate(String name, String password) {
    Account a = name == null ? null : accounts.get(name);
    String candidate = password == null ? "" : password;
    boolean matches = BCRYPT.matches(candidate, a == null ? NO_SUCH_USER : a.passwordHash());
    return a != null && matches ? Optional.of(a) : Optional.empty();
  }

  public static String hash(String password) {
    return BCRYPT.encode(password);
  }

  public int size() {
    return accounts.size();
  }
}
