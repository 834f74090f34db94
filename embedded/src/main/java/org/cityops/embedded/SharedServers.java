package org.cityops.embedded;

/**
 * One set of embedded servers per JVM, started on first use and stopped at JVM exit. Test classes
 * share them (starting Kafka or HiveMQ takes seconds); a test that must break a server (stop Kafka,
 * restart the broker) starts its own instead.
 */
public final class SharedServers {
  private static EmbeddedKafkaBroker kafka;
  private static EmbeddedMqttBroker mqtt;
  private static EmbeddedQuestDb questDb;

  private SharedServers() {}

  public static synchronized EmbeddedKafkaBroker kafka() {
    if (kafka == null) {
      kafka = new EmbeddedKafkaBroker().start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-stop"));
    }
    return kafka;
  }

  public static synchronized EmbeddedMqttBroker mqtt() {
    if (mqtt == null) {
      mqtt = new EmbeddedMqttBroker().start();
      Runtime.getRuntime().addShutdownHook(new Thread(mqtt::close, "shared-mqtt-stop"));
    }
    return mqtt;
  }

  public static synchronized EmbeddedQuestDb questDb() {
    if (questDb == null) {
      questDb = new EmbeddedQuestDb().start();
      Runtime.getRuntime().addShutdownHook(new Thread(questDb::close, "shared-questdb-stop"));
    }
    return questDb;
  }
}
