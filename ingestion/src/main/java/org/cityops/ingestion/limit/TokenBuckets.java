package org.cityops.ingestion.limit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One token bucket per sender: it holds at most {@code burst} tokens, refills at {@code perSecond},
 * and each message takes as many tokens as it carries records. A message that finds too few tokens
 * takes none (so a refused flood does not keep its sender locked out once it stops).
 *
 * <p>Time is what the caller says it is (the bridge passes the event time of what a sender sent); a
 * sender's clock is the latest time seen for it, so a time earlier than that refills nothing and
 * out-of-order or back-dated records cannot mint tokens. At most {@code maxTracked} senders are
 * remembered; the least recently heard is forgotten first and comes back as new, with a full
 * bucket. Thread-safe (one lock; a bucket update is a few arithmetic operations).
 */
public final class TokenBuckets {
  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    double lastSecond;

    Bucket(double tokens, double lastSecond) {
      this.tokens = tokens;
      this.lastSecond = lastSecond;
    }
  }

  public TokenBuckets(double perSecond, int burst, int maxTracked) {
    if (!(perSecond > 0) || burst < 1 || maxTracked < 1) {
      throw new IllegalArgumentException(
          "token buckets need a rate above 0, a burst and a capacity of 1 or more");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(1_024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxTracked;
          }
        };
  }

  /**
   * Takes {@code count} tokens from {@code sender}'s bucket if it holds that many at {@code now}.
   *
   * @return whether the message may pass
   */
  public synchronized boolean tryTake(String sender, int count, Instant now) {
    // seconds as a double: any Instant (years far off included) without overflow, to well
    // under a microsecond for the times of this era
    double second = now.getEpochSecond() + now.getNano() / 1e9;
    Bucket b = buckets.get(sender);
    if (b == null) {
      b = new Bucket(burst, second);
      buckets.put(sender, b);
    } else if (second > b.lastSecond) {
      b.tokens = Math.min(burst, b.tokens + (second - b.lastSecond) * perSecond);
      b.lastSecond = second;
    }
    if (b.tokens >= count) {
      b.tokens -= count;
      return true;
    }
    return false;
  }

  /** Senders remembered now. */
  public synchronized int tracked() {
    return buckets.size();
  }
}
