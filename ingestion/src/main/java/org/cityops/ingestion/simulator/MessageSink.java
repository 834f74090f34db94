package org.cityops.ingestion.simulator;

/** Where the simulator's messages go: an MQTT broker in the demo and tests. */
@FunctionalInterface
public interface MessageSink {
  void publish(String topic, byte[] payload) throws Exception;
}
