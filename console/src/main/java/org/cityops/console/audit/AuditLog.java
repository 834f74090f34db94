package org.cityops.console.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * What operators did and tried to do in the console, one entry per change they asked for (logins,
 * failed ones included; logouts; actions on incidents; incidents opened by hand), accepted or
 * refused, with who, from where, on what, the answer's status and why.
 *
 * <p>Append-only JSON Lines, written and forced to disk before the answer leaves (an action is
 * never told "accepted" without its entry on disk). Each entry carries the SHA-256 of the one
 * before and its own, over the previous hash and its own content: changing, removing or reordering
 * any entry breaks every hash after it, which {@link #verify} finds and names by line. A log that
 * does not verify is refused at start, never silently continued; reopening a sound one continues
 * its chain. Passwords are never written; a failed login's name is kept (clipped), as it is what
 * shows someone guessing.
 *
 * <p>Thread-safe (one lock: entries are few, an operator's pace). Also keeps the last {@link
 * #RECENT} entries in memory for the console's own audit view.
 */
public final class AuditLog implements AutoCloseable {
  public static final int RECENT = 1_000;
  static final String GENESIS = "0".repeat(64);
  private static final int MAX_TEXT = 500;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * One entry. {@code actor} is the logged-in user, or for a login the name given; {@code from} the
   * client's address; {@code action} what was asked ({@code login}, {@code logout}, {@code
   * incident.acknowledge}, {@code incident.open}, ...); {@code target} the incident, if any; {@code
   * status} the HTTP answer; {@code detail} the refusal's reason or what was accepted (a message
   * id).
   */
  @JsonPropertyOrder({
    "seq", "at", "actor", "role", "from", "action", "target", "status", "detail", "prev", "hash"
  })
  public record Entry(
      long seq,
      Instant at,
      String actor,
      String role,
      String from,
      String action,
      String target,
      int status,
      String detail,
      String prev,
      String hash) {

    public boolean accepted() {
      return status < 400;
    }

    private Entry withChain(String prev, String hash) {
      return new Entry(seq, at, actor, role, from, action, target, status, detail, prev, hash);
    }
  }

  /**
   * What {@link #verify} found: the entries read whole, the hash of the last of them (what the next
   * entry chains to), and the first line that breaks the chain (0: none).
   */
  public record Verification(long entries, String lastHash, int brokenLine, String problem) {
    public boolean sound() {
      return brokenLine == 0;
    }
  }

  private final FileChannel file;
  private final Path path;
  private final Deque<Entry> recent = new ArrayDeque<>();
  private long seq;
  private String last;

  private AuditLog(Path path, FileChannel file, long seq, String last) {
    this.path = path;
    this.file = file;
    this.seq = seq;
    this.last = last;
  }

  /**
   * Opens (or creates) the log at {@code path}, continuing its chain.
   *
   * @throws IllegalStateException if the existing log does not verify
   */
  public static AuditLog open(Path path) throws IOException {
    long seq = 0;
    String last = GENESIS;
    if (Files.exists(path)) {
      Verification v = verify(path);
      if (!v.sound()) {
        throw new IllegalStateException(
            "the audit log "
                + path
                + " does not verify at line "
                + v.brokenLine()
                + " ("
                + v.problem()
                + "); keep it as evidence, move it aside and start again");
      }
      // a sound log numbers its entries 1, 2, 3...: the last one's number is their count
      seq = v.entries();
      last = v.lastHash();
    } else if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new AuditLog(path, channel, seq, last);
  }

  /** A log kept in memory only (the last {@link #RECENT} entries): for tests and demos. */
  public static AuditLog inMemory() {
    return new AuditLog(null, null, 0, GENESIS);
  }

  /** Appends one entry, on disk before this returns. */
  public synchronized Entry record(
      String actor,
      String role,
      String from,
      String action,
      String target,
      int status,
      String detail) {
    Entry body =
        new Entry(
            seq + 1,
            Instant.now(),
            clip(actor),
            role,
            clip(from),
            action,
            clip(target),
            status,
            clip(detail),
            null,
            null);
    String hash = hash(last, body);
    Entry entry = body.withChain(last, hash);
    if (file != null) {
      try {
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          file.write(buffer);
        }
        file.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the audit log " + path, e);
      }
    }
    seq = entry.seq();
    last = hash;
    recent.addLast(entry);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
    return entry;
  }

  /** The last {@code n} entries, newest last. */
  public synchronized List<Entry> recent(int n) {
    List<Entry> all = new ArrayList<>(recent);
    return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** Reads the whole log and checks every entry's chain and hash. */
  public static Verification verify(Path path) throws IOException {
    String prev = GENESIS;
    long expectedSeq = 1;
    long entries = 0;
    int number = 0;
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      Entry e;
      try {
        e = JSON.readValue(line, Entry.class);
      } catch (JsonProcessingException bad) {
        return new Verification(entries, prev, number, "not an entry: " + bad.getOriginalMessage());
      }
      if (e.seq() != expectedSeq) {
        return new Verification(
            entries, prev, number, "entry " + e.seq() + " where " + expectedSeq + " was due");
      }
      if (!prev.equals(e.prev())) {
        return new Verification(entries, prev, number, "does not follow the entry before it");
      }
      if (!hash(prev, e.withChain(null, null)).equals(e.hash())) {
        return new Verification(entries, prev, number, "its content does not match its hash");
      }
      prev = e.hash();
      expectedSeq++;
      entries++;
    }
    return new Verification(entries, prev, 0, null);
  }

  private static String hash(String prev, Entry body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prev.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(JSON.writeValueAsBytes(body));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("SHA-256 and JSON are part of every runtime here", e);
    }
  }

  private static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }

  @Override
  public synchronized void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
