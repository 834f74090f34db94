package org.cityops.jobs.common;

import java.util.ArrayList;
import java.util.List;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.events.Topics;

/** Every topic of the contract, for tests that run whole jobs on a Kafka of their own. */
public final class ContractTopics {
  private ContractTopics() {}

  /** The topic names {@link Topics} declares. */
  public static List<String> all() {
    List<String> names = new ArrayList<>();
    for (var field : Topics.class.getFields()) {
      try {
        names.add((String) field.get(null));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return names;
  }

  /** Creates them all with {@code partitions} partitions. */
  public static void create(EmbeddedKafkaBroker kafka, int partitions) {
    kafka.createTopics(partitions, all());
  }
}
