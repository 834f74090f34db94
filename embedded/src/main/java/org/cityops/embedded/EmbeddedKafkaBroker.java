package org.cityops.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) in this JVM, on loopback ports. The log
 * folder survives {@link #stop()}, so {@link #start()} again is a real broker restart on the same
 * ports with the same data, which the outage tests rely on.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String CLUSTER_ID = "Q2l0eU9wc0xvY2FsS2Fma2E";

  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private final boolean ownsDir;
  private final int defaultPartitions;
  private int saslPort = -1;
  private KafkaRaftServer server;

  /**
   * Also listens for clients that log in with SASL/SCRAM-SHA-512 (before {@link #start()}), on a
   * port of its own ({@link #saslBootstrapServers()}), with Kafka's own authorizer on: a SASL user
   * may do only what an ACL allows. The plain listener stays open to the tests (its clients are
   * {@code User:ANONYMOUS}, a super user) for creating topics, users and ACLs.
   */
  public EmbeddedKafkaBroker withSaslScram() {
    this.saslPort = FreePorts.next();
    return this;
  }

  /** Where SASL/SCRAM clients connect; only after {@link #withSaslScram()}. */
  public String saslBootstrapServers() {
    if (saslPort < 0) {
      throw new IllegalStateException("this broker has no SASL listener (withSaslScram)");
    }
    return "127.0.0.1:" + saslPort;
  }

  public EmbeddedKafkaBroker() {
    this(Dirs.temp("cityops-kafka-"), FreePorts.next(), true, 2);
  }

  public EmbeddedKafkaBroker(Path logDir, int brokerPort) {
    this(logDir, brokerPort, false, 2);
  }

  private EmbeddedKafkaBroker(Path logDir, int brokerPort, boolean ownsDir, int partitions) {
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = FreePorts.next();
    this.ownsDir = ownsDir;
    this.defaultPartitions = partitions;
  }

  private Properties config() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.resolve("data").toString());
    p.put("metadata.log.dir", logDir.resolve("meta").toString());
    p.put("num.partitions", String.valueOf(defaultPartitions));
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.flush.interval.messages", "10000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    if (saslPort >= 0) {
      String sasl = "SASL_PLAINTEXT://127.0.0.1:" + saslPort;
      p.put("listeners", p.get("listeners") + "," + sasl);
      p.put("advertised.listeners", p.get("advertised.listeners") + "," + sasl);
      p.put(
          "listener.security.protocol.map",
          p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
      p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
      p.put(
          "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("super.users", "User:ANONYMOUS");
      p.put("allow.everyone.if.no.acl.found", "false");
    }
    return p;
  }

  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    KafkaConfig config = KafkaConfig.fromProps(config(), false);
    try {
      if (!Files.exists(logDir.resolve("meta").resolve("meta.properties"))) {
        format();
      }
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
    } catch (Exception e) {
      throw new IllegalStateException("the embedded Kafka broker did not start", e);
    }
    waitUntilServing();
    LOG.info("Kafka broker (KRaft) listening on {}", bootstrapServers());
    return this;
  }

  private void format() throws Exception {
    Formatter formatter =
        new Formatter()
            .setNodeId(1)
            .setClusterId(CLUSTER_ID)
            .setDirectories(
                List.of(logDir.resolve("data").toString(), logDir.resolve("meta").toString()))
            .setMetadataLogDirectory(logDir.resolve("meta").toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setIgnoreFormatted(true)
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    formatter.run();
  }

  private void waitUntilServing() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get();
        return;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Kafka", e);
      }
    }
    throw new IllegalStateException("Kafka broker did not answer within 60 s", last);
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
  }

  /**
   * The offsets {@code group} has committed on {@code topic}, summed over its partitions: how many
   * records a job has read, as far as its last completed checkpoint says (Flink's Kafka source
   * commits at checkpoints, so everything before them has passed every operator).
   */
  public long committed(String group, String topic) {
    try (Admin admin = admin()) {
      long sum = 0;
      for (var e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) {
          sum += e.getValue().offset();
        }
      }
      return sum;
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not read the offsets of group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates the topics (if missing) with the given partition count. */
  public void createTopics(int partitions, Collection<String> names) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> toCreate =
          names.stream()
              .filter(n -> !existing.contains(n))
              .map(n -> new NewTopic(n, partitions, (short) 1))
              .toList();
      try {
        admin.createTopics(toCreate).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topics " + names, e);
        }
      }
      awaitLeaders(admin, names);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not describe topics " + names, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the broker leads every partition of {@code names}. A created topic is known to the
   * controller before the broker takes its partitions on: a producer that sends in between gets
   * NOT_LEADER_OR_FOLLOWER, and its idempotent retries can then be refused as out of sequence until
   * the delivery timeout (two minutes) drops the batch, unseen by a caller that does not check each
   * send. Seen in a suite run under load.
   */
  private static void awaitLeaders(Admin admin, Collection<String> names)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (allLed(admin, names)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no leader for every partition of " + names + " in 30 s");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Whether every partition of {@code names} has a leader now. A topic just created may not be in
   * the broker's metadata yet (seen in CI under load): describing it then fails with
   * UNKNOWN_TOPIC_OR_PARTITION, which here means "not yet", not "missing".
   */
  private static boolean allLed(Admin admin, Collection<String> names)
      throws ExecutionException, InterruptedException {
    try {
      return admin.describeTopics(names).allTopicNames().get().values().stream()
          .flatMap(t -> t.partitions().stream())
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }

  /** Stops the broker, keeping its logs; {@link #start()} restarts it on the same port. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
    LOG.info("Kafka broker on {} stopped", bootstrapServers());
  }

  public boolean isRunning() {
    return server != null;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public void close() {
    stop();
    if (ownsDir) {
      Dirs.deleteQuietly(logDir);
    }
  }
}
