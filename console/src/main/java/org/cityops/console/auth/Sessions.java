package org.cityops.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in users, held server side: the browser holds only an unguessable id (in an HttpOnly,
 * SameSite=Strict cookie). Each session has its own CSRF token, which every request that changes
 * something must send back in a header; a page of another site can make the browser send the
 * cookie, never read the token. A session idle for longer than {@code idleTimeout} is gone.
 */
public final class Sessions {
  /** One logged-in user. */
  public record Session(String id, Account account, String csrfToken) {}

  private record Entry(Session session, Instant lastSeen) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final Duration idleTimeout;
  private final Clock clock;

  public Sessions(Duration idleTimeout, Clock clock) {
    this.idleTimeout = idleTimeout;
    this.clock = clock;
  }

  public Session open(Account account) {
    Session s = new Session(token(), account, token());
    byId.put(s.id(), new Entry(s, clock.instant()));
    return s;
  }

  /** The live session of this id, its idle time reset; empty when unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Entry e = byId.get(id);
    Instant now = clock.instant();
    if (e == null) {
      return Optional.empty();
    }
    if (e.lastSeen().plus(idleTimeout).isBefore(now)) {
      byId.remove(id);
      return Optional.empty();
    }
    byId.put(id, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  public void close(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
