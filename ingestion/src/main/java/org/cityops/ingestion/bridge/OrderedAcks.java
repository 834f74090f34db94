package org.cityops.ingestion.bridge;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Acknowledges MQTT messages in the order they arrived, each only once all of its Kafka writes are
 * confirmed. MQTT requires PUBACKs in arrival order, while Kafka confirms writes to different
 * partitions in any order; a finished message therefore waits for every earlier one.
 *
 * <p>Thread-safe: Kafka's callbacks complete slots on the producer's I/O thread.
 */
public final class OrderedAcks {
  /** Sends the acknowledgement for one MQTT message. */
  @FunctionalInterface
  public interface Acknowledger {
    void ack(int messageId, int qos);
  }

  /** One MQTT message waiting for its Kafka writes. */
  public final class Slot {
    private final int messageId;
    private final int qos;
    private int pendingWrites;

    private Slot(int messageId, int qos, int writes) {
      this.messageId = messageId;
      this.qos = qos;
      this.pendingWrites = writes;
    }

    /** One Kafka write of this message is confirmed. */
    public void writeConfirmed() {
      synchronized (OrderedAcks.this) {
        pendingWrites--;
        drain();
      }
    }
  }

  private final Deque<Slot> waiting = new ArrayDeque<>();
  private final Acknowledger acknowledger;

  public OrderedAcks(Acknowledger acknowledger) {
    this.acknowledger = acknowledger;
  }

  /** Registers a message in arrival order; it is acked after {@code writes} confirmations. */
  public synchronized Slot register(int messageId, int qos, int writes) {
    Slot slot = new Slot(messageId, qos, writes);
    waiting.addLast(slot);
    return slot;
  }

  public synchronized int pending() {
    return waiting.size();
  }

  private void drain() {
    while (!waiting.isEmpty() && waiting.peekFirst().pendingWrites <= 0) {
      Slot done = waiting.removeFirst();
      if (done.qos > 0) {
        acknowledger.ack(done.messageId, done.qos);
      }
    }
  }
}
