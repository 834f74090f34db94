package org.cityops.ingestion.simulator;

import java.util.function.LongSupplier;

/**
 * Caps the simulator's publish rate: message n is not sent before n / rate seconds after the first.
 * Falling behind (a slow broker) is not made up by a burst beyond the cap's schedule.
 */
public final class RateLimitedSink implements MessageSink {
  /** Waits for a number of nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final MessageSink delegate;
  private final double nanosPerMessage;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long startNanos = -1;
  private long sent;

  public RateLimitedSink(MessageSink delegate, double messagesPerSecond) {
    this(
        delegate,
        messagesPerSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  RateLimitedSink(
      MessageSink delegate, double messagesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(messagesPerSecond > 0)) {
      throw new IllegalArgumentException("the rate must be positive, was " + messagesPerSecond);
    }
    this.delegate = delegate;
    this.nanosPerMessage = 1e9 / messagesPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  @Override
  public void publish(String topic, byte[] payload) throws Exception {
    long now = nanoTime.getAsLong();
    if (startNanos < 0) {
      startNanos = now;
    }
    long due = startNanos + (long) (sent * nanosPerMessage);
    if (due > now) {
      sleeper.sleepNanos(due - now);
    }
    delegate.publish(topic, payload);
    sent++;
  }
}
