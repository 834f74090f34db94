package org.cityops.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.Publisher;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeConfig;
import org.cityops.ingestion.bridge.MqttKafkaBridge;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.junit.jupiter.api.Test;

/**
 * The deployment's Kafka users and ACLs ({@code kafka-users.yaml}) on a real broker with Kafka's
 * own authorizer: each user logs in (SASL/SCRAM here; the deployment uses certificates, and the
 * ACLs are the same) and the real components run as them: the bridge forwards a reading as {@code
 * cityops-bridge}, the rain job reads readings and writes an incident as {@code cityops-rain-job},
 * the console sends an operator's action as {@code cityops-console}. Neither the bridge's nor the
 * rain job's identity may write {@code city.control}, and a wrong password gets nobody in.
 */
class KafkaAclsTest {
  private static final Path DIR = Path.of("").toAbsolutePath();

  @Test
  void eachComponentDoesItsWorkAsItsUserAndOnlyTheConsoleWritesControl() throws Exception {
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().withSaslScram().start()) {
      List<String> topics = new ArrayList<>();
      for (var field : Topics.class.getFields()) {
        topics.add((String) field.get(null));
      }
      kafka.createTopics(2, topics);
      Map<String, List<AclBinding>> users = usersAndAcls();
      try (Admin admin = kafka.admin()) {
        List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
        for (String user : users.keySet()) {
          credentials.add(
              new UserScramCredentialUpsertion(
                  user,
                  new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                  password(user)));
        }
        admin.alterUserScramCredentials(new ArrayList<>(credentials)).all().get();
        List<AclBinding> all = new ArrayList<>();
        users.values().forEach(all::addAll);
        admin.createAcls(all).all().get();
      }
      String sasl = kafka.saslBootstrapServers();
      Instant at =
          Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(7_200);

      // the bridge, as cityops-bridge: MQTT in, city.readings out
      BridgeConfig bridgeConfig =
          new BridgeConfig(
              SharedServers.mqtt().serverUri(),
              sasl,
              "bridge-acl-test",
              null,
              List.of("city/sensors/#"),
              100,
              Duration.ofMinutes(1),
              BridgeConfig.DEV_PSEUDONYM_KEY,
              org.cityops.ingestion.validate.ReadingLimits.defaults(),
              client("cityops-bridge"));
      try (MqttKafkaBridge bridge = new MqttKafkaBridge(bridgeConfig).start();
          MqttSink gauge = new MqttSink(SharedServers.mqtt().serverUri(), "acl-gauge")) {
        for (int q = 0; q < 8; q++) {
          Reading r =
              Reading.rain("acl-g1", at.plusSeconds(900L * q), new GeoPoint(-22.9, -43.2), 9.0);
          gauge.publish("city/sensors/rain_gauge/acl-g1", EventJson.write(r));
        }
        gauge.awaitAcknowledged(10, TimeUnit.SECONDS);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> read(kafka, Topics.READINGS).size() >= 8);
      }

      // the rain job, as cityops-rain-job in its group: city.readings in, city.detections out
      Map<String, String> rain = new LinkedHashMap<>();
      rain.put("kafka.bootstrap-servers", sasl);
      rain.put("kafka.group", "cityops-rain");
      rain.put("kafka.bounded", "true");
      rain.put("checkpoint.interval", "1s");
      client("cityops-rain-job").forEach((k, v) -> rain.put("kafka.client." + k, v));
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      RainJobMain.addTo(env, RainJobConfig.from(new Settings(rain)));
      env.execute("rain job as cityops-rain-job");
      List<String> detections =
          read(kafka, Topics.DETECTIONS).stream()
              .map(r -> EventJson.readIncident(r).incidentId())
              .distinct()
              .toList();
      assertThat(detections)
          .anyMatch(id -> id.startsWith(IncidentType.HEAVY_RAIN.code() + ":acl-g1:"));

      // the console, as cityops-console: an operator's action on city.control
      ControlMessage ack =
          new ControlMessage(
              "acl-ack-1",
              detections.get(0),
              ControlMessage.Action.ACKNOWLEDGE,
              "ana",
              ControlMessage.Role.SUPERVISOR,
              Instant.now(),
              null,
              "seen");
      try (Publisher console = new Publisher(sasl, client("cityops-console"))) {
        console.send(ack);
      }
      assertThat(read(kafka, Topics.CONTROL)).hasSize(1);

      // nobody else writes city.control, and a wrong password gets nobody in
      List<String> refused = new ArrayList<>();
      for (String user : List.of("cityops-bridge", "cityops-rain-job", "cityops-alerts-job")) {
        assertThatThrownBy(() -> send(sasl, client(user), Topics.CONTROL))
            .as(user + " writing city.control")
            .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        refused.add(user);
      }
      Map<String, String> wrong = new LinkedHashMap<>(client("cityops-console"));
      wrong.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required"
              + " username=\"cityops-console\" password=\"guess\";");
      assertThatThrownBy(() -> send(sasl, wrong, Topics.CONTROL))
          .hasRootCauseInstanceOf(SaslAuthenticationException.class);
      assertThat(read(kafka, Topics.CONTROL)).hasSize(1);
      System.out.printf(
          "Kafka ACLs of kafka-users.yaml (%d users, %d ACLs): bridge -> %d readings, rain job ->"
              + " %s, console -> 1 control message; refused city.control to %s; a wrong password"
              + " refused%n",
          users.size(),
          users.values().stream().mapToInt(List::size).sum(),
          read(kafka, Topics.READINGS).size(),
          detections,
          refused);
    }
  }

  /** Each KafkaUser of the deployment and its ACLs, as Kafka's own bindings. */
  private static Map<String, List<AclBinding>> usersAndAcls() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Map<String, List<AclBinding>> users = new LinkedHashMap<>();
    try (var parser = yaml.getFactory().createParser(DIR.resolve("kafka-users.yaml").toFile())) {
      for (JsonNode doc : (Iterable<JsonNode>) () -> readAll(yaml, parser)) {
        if (!"KafkaUser".equals(doc.path("kind").asText())) {
          continue;
        }
        String user = doc.at("/metadata/name").asText();
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : doc.at("/spec/authorization/acls")) {
          JsonNode resource = acl.path("resource");
          ResourcePattern pattern =
              new ResourcePattern(
                  resourceType(resource.path("type").asText()),
                  resource.path("name").asText("kafka-cluster"),
                  "prefix".equals(resource.path("patternType").asText())
                      ? PatternType.PREFIXED
                      : PatternType.LITERAL);
          for (JsonNode op : acl.path("operations")) {
            bindings.add(
                new AclBinding(
                    pattern,
                    new AccessControlEntry(
                        "User:" + user,
                        acl.path("host").asText("*"),
                        AclOperation.fromString(op.asText()),
                        AclPermissionType.ALLOW)));
          }
        }
        users.put(user, bindings);
      }
    }
    return users;
  }

  private static java.util.Iterator<JsonNode> readAll(
      ObjectMapper yaml, com.fasterxml.jackson.core.JsonParser parser) {
    try {
      return yaml.readValues(parser, JsonNode.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ResourceType resourceType(String strimzi) {
    return switch (strimzi.toLowerCase(Locale.ROOT)) {
      case "topic" -> ResourceType.TOPIC;
      case "group" -> ResourceType.GROUP;
      case "cluster" -> ResourceType.CLUSTER;
      case "transactionalid" -> ResourceType.TRANSACTIONAL_ID;
      default -> throw new IllegalArgumentException("unknown resource type " + strimzi);
    };
  }

  private static String password(String user) {
    return user + "-test-password";
  }

  /** The client settings of {@code user} on the SASL listener. */
  private static Map<String, String> client(String user) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password(user)
            + "\";");
    return p;
  }

  private static void send(String bootstrap, Map<String, String> client, String topic)
      throws ExecutionException, InterruptedException {
    Map<String, Object> config = new LinkedHashMap<>(client);
    config.put("bootstrap.servers", bootstrap);
    config.put("max.block.ms", 10_000);
    config.put("delivery.timeout.ms", 15_000);
    config.put("request.timeout.ms", 10_000);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "forged", "{}".getBytes())).get();
    }
  }

  private static List<byte[]> read(EmbeddedKafkaBroker kafka, String topic) {
    return TopicReader.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(3)).stream()
        .map(r -> r.value())
        .toList();
  }
}
