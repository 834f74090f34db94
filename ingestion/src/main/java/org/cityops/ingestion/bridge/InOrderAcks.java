package org.cityops.ingestion.bridge;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges MQTT messages in the order they arrived, each only once every Kafka record made from
 * it has been confirmed, on a thread of its own.
 *
 * <p>Why: MQTT requires QoS 1 acknowledgements in the order of the publishes, but Kafka confirms
 * records of different partitions in any order; and acknowledging from Kafka's I/O thread would run
 * MQTT client code on the producer's network thread. So the MQTT callback {@link #track}s a message
 * (in arrival order) and hands its records to the producer without waiting; Kafka's callbacks only
 * count confirmations down ({@link Pending#confirmed}); this thread sends the acknowledgements of
 * the longest prefix of fully confirmed messages. How many messages wait here is bounded by the
 * receive maximum the bridge announces to the broker.
 *
 * <p>Connections: a message tracked on a connection that has since been lost is never acknowledged
 * ({@link #connectionLost}): its packet identifier may mean another message on the next connection,
 * and the broker delivers it again anyway (forwarded twice; consumers deduplicate).
 *
 * <p>Thread-safe: {@link #track} from the MQTT callback thread, {@link Pending#confirmed} from any.
 */
final class InOrderAcks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InOrderAcks.class);

  /** Sends the acknowledgement of one message; called on the acknowledging thread only. */
  @FunctionalInterface
  interface Acknowledger {
    void acknowledge(int messageId, int qos) throws Exception;
  }

  /** One message waiting for its records' confirmations. */
  final class Pending {
    private final int messageId;
    private final int qos;
    private final long connection;
    private int unconfirmed; // guarded by lock

    private Pending(int messageId, int qos, long connection, int records) {
      this.messageId = messageId;
      this.qos = qos;
      this.connection = connection;
      this.unconfirmed = records;
    }

    /** One of this message's records is in Kafka. */
    void confirmed() {
      lock.lock();
      try {
        unconfirmed--;
        if (unconfirmed == 0 && queue.peekFirst() == this) {
          changed.signal();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private final Acknowledger acknowledger;
  private final Runnable onAcknowledged;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by lock
  private final Thread thread;
  private long connection; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param name the acknowledging thread's name
   * @param onAcknowledged run after each acknowledgement sent (counting)
   */
  InOrderAcks(String name, Acknowledger acknowledger, Runnable onAcknowledged) {
    this.acknowledger = acknowledger;
    this.onAcknowledged = onAcknowledged;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a message behind those that arrived before it. A message with no records (nothing to
   * wait for) is acknowledged as soon as those before it are.
   */
  Pending track(int messageId, int qos, int records) {
    lock.lock();
    try {
      Pending pending = new Pending(messageId, qos, connection, records);
      queue.addLast(pending);
      if (records == 0 && queue.size() == 1) {
        changed.signal();
      }
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /** The connection was lost: messages tracked so far will not be acknowledged. */
  void connectionLost() {
    lock.lock();
    try {
      connection++;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      lock.lock();
      try {
        while (!closed && !headReady()) {
          changed.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        while (headReady()) {
          Pending pending = queue.pollFirst();
          // Sent under the lock so that a connection lost meanwhile cannot be acknowledged into:
          // Paho only queues the packet here, it does not wait for the network.
          if (pending.connection == connection && pending.qos > 0) {
            acknowledge(pending);
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean headReady() {
    Pending head = queue.peekFirst();
    return head != null && head.unconfirmed <= 0;
  }

  private void acknowledge(Pending pending) {
    try {
      acknowledger.acknowledge(pending.messageId, pending.qos);
      onAcknowledged.run();
    } catch (Exception e) {
      // The connection is going: the broker keeps the message and delivers it again.
      LOG.debug("acknowledgement of message {} not sent: {}", pending.messageId, e.toString());
    }
  }

  /** Stops acknowledging; whatever still waits stays unacknowledged with the broker. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
