package org.cityops.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing at the console's login. Failed logins are counted per account name
 * and per client address over a window; past a limit, that name (or that address) is refused for a
 * while before its password is even checked, the wait doubling with every further lockout up to a
 * ceiling. A successful login clears its name's count (not its address's: one right password among
 * many guesses from one place does not excuse the guesses).
 *
 * <p>Names are counted whether or not the account exists, so the answer does not tell which names
 * are real. At most {@link #TRACKED} names and addresses are remembered, the least recently failing
 * forgotten first. Thread-safe; time from the given clock.
 */
public final class LoginThrottle {
  public static final int TRACKED = 10_000;

  /** After this many failures for one name within the window, the name is locked. */
  public static final int PER_NAME = 5;

  /** After this many failures from one address within the window, the address is locked. */
  public static final int PER_ADDRESS = 20;

  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
  public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

  private static final class Record {
    int failures;
    Instant windowStart;
    Instant lockedUntil = Instant.MIN;
    Duration nextLock = FIRST_LOCK;
  }

  private final Clock clock;
  private final Map<String, Record> records =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
          return size() > TRACKED;
        }
      };

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying {@code name} from {@code address}; empty: go. */
  public synchronized Optional<Duration> waitFor(String name, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (String key : new String[] {"name:" + name, "address:" + address}) {
      Record r = records.get(key);
      if (r != null && r.lockedUntil.isAfter(now)) {
        Duration left = Duration.between(now, r.lockedUntil);
        wait = left.compareTo(wait) > 0 ? left : wait;
      }
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Counts a failed login. */
  public synchronized void failed(String name, String address) {
    Instant now = clock.instant();
    count("name:" + name, PER_NAME, now);
    count("address:" + address, PER_ADDRESS, now);
  }

  /** Clears the name's failures after a successful login. */
  public synchronized void succeeded(String name) {
    records.remove("name:" + name);
  }

  private void count(String key, int limit, Instant now) {
    Record r = records.computeIfAbsent(key, k -> new Record());
    if (r.windowStart == null || Duration.between(r.windowStart, now).compareTo(WINDOW) > 0) {
      r.windowStart = now;
      r.failures = 0;
    }
    r.failures++;
    if (r.failures >= limit) {
      r.lockedUntil = now.plus(r.nextLock);
      Duration doubled = r.nextLock.multipliedBy(2);
      r.nextLock = doubled.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : doubled;
      r.failures = 0;
      r.windowStart = now;
    }
  }
}
