package org.cityops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free loopback ports for servers that need their port before they start. */
public final class FreePorts {
  private FreePorts() {}

  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up by default), for a server that is
   * started only after a client has already been trying to reach it. A client that keeps connecting
   * to a closed loopback port inside the ephemeral range can be given that very port as its own
   * source port and connect to itself (TCP simultaneous open); the server then finds the port
   * taken. Seen in the store-outage test.
   */
  public static int belowEphemeralRange() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port in 20000-31999");
  }
}
