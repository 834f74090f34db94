package org.cityops.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.events.EventJson;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Topics;

/**
 * Turns a checked rule set into the contract's rule changes and sends them to {@code city.rules},
 * keyed by rule id, each confirmed by Kafka (all in-sync replicas) before the push is reported
 * done.
 */
public final class RulePush {
  private RulePush() {}

  /** One change per rule of {@code rules}, in force from {@code effectiveFrom}. */
  public static List<RainRuleChange> changes(
      RainRuleSet rules, Instant effectiveFrom, String pushedBy, Instant pushedAt) {
    RainRuleSet.HeavyRain h = rules.heavyRain();
    RainRuleSet.SirenLevel s = rules.sirenLevel();
    return List.of(
        new RainRuleChange(
                h.id(),
                h.version(),
                RainRuleChange.Detector.HEAVY_RAIN,
                effectiveFrom,
                pushedBy,
                pushedAt,
                h.moderateMm(),
                h.strongMm(),
                h.veryStrongMm(),
                null,
                null)
            .validate(),
        new RainRuleChange(
                s.id(),
                s.version(),
                RainRuleChange.Detector.SIREN_LEVEL,
                effectiveFrom,
                pushedBy,
                pushedAt,
                null,
                null,
                null,
                s.hourMm(),
                s.dayMm())
            .validate());
  }

  /**
   * Sends {@code changes} and waits until Kafka has them all.
   *
   * @param clientProperties extra producer settings (a secured cluster's TLS or SASL)
   */
  public static void send(
      String bootstrapServers, Map<String, String> clientProperties, List<RainRuleChange> changes)
      throws Exception {
    Properties p = new Properties();
    // an unreachable Kafka is said within 15 s; the caller's settings may change the waits
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.putAll(clientProperties);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (RainRuleChange c : changes) {
        producer
            .send(new ProducerRecord<>(Topics.RULES, c.ruleId(), EventJson.write(c)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
