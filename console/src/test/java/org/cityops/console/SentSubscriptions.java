package org.cityops.console;

import java.time.Duration;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;

/** What the console published on city.subscriptions, for the tests that read it back. */
final class SentSubscriptions {
  private SentSubscriptions() {}

  /** The first subscription published for {@code residentId}, waiting up to 20 s. */
  static Subscription first(String bootstrapServers, String residentId) {
    return TopicReader.valuesWithKey(
            bootstrapServers, Topics.SUBSCRIPTIONS, residentId, 1, Duration.ofSeconds(20))
        .stream()
        .map(EventJson::readSubscription)
        .findFirst()
        .orElseThrow();
  }
}
