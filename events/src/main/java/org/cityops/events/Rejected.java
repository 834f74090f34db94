package org.cityops.events;

import java.time.Instant;

/**
 * A message that was not accepted, kept so that nothing is dropped silently. Only the first {@link
 * #MAX_HEAD_BYTES} bytes travel (after personal data was pseudonymised), with the size and SHA-256
 * of the whole payload so it can be matched against the sender's copy.
 *
 * @param source where it came from, e.g. {@code mqtt:city/sensors/rain_gauge/g1}
 * @param detail the human-readable explanation, naming the field where there is one
 * @param payloadHead the first bytes as text (invalid UTF-8 replaced), at most 4 KB
 */
public record Rejected(
    String source,
    RejectReason reason,
    String detail,
    Instant receivedAt,
    long payloadSizeBytes,
    String payloadSha256,
    String payloadHead,
    boolean truncated) {

  public static final int MAX_HEAD_BYTES = 4 * 1024;

  public Rejected validate() {
    Contract.text(source, "source", 500);
    Contract.present(reason, "reason");
    Contract.text(detail, "detail", 2_000);
    Contract.present(receivedAt, "receivedAt");
    Contract.require(payloadSizeBytes >= 0, "payloadSizeBytes", "must not be negative");
    Contract.present(payloadSha256, "payloadSha256");
    Contract.require(
        payloadSha256.matches("[0-9a-f]{64}"), "payloadSha256", "must be 64 hex digits");
    Contract.present(payloadHead, "payloadHead");
    return this;
  }
}
