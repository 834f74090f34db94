package org.cityops.ingestion.replay;

import java.util.Map;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;

/**
 * Where a replay sends its readings: an MQTT broker (the bridge judges them, as it judges a
 * device's) or Kafka's {@code city.readings} directly (the sink then does the bridge's checks
 * itself). {@link #close} returns only once every reading sent was acknowledged.
 */
public interface ReadingSink extends AutoCloseable {
  void send(Reading reading) throws Exception;

  /** Readings this sink refused itself, by reason; each also went to {@code city.rejected}. */
  default Map<RejectReason, Long> refused() {
    return Map.of();
  }
}
