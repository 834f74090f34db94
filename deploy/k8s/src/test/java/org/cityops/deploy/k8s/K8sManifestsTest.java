package org.cityops.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.cityops.embedded.SharedData;
import org.cityops.events.Topics;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes manifests read into the operators' own model classes (the Flink Kubernetes
 * Operator's {@code FlinkDeployment}, Strimzi's {@code Kafka}, {@code KafkaNodePool} and {@code
 * KafkaTopic}, fabric8's core kinds): what does not fit them would be refused by the cluster. No
 * cluster runs here; this is what can be checked without one.
 *
 * <p>The operator API that resolves here (1.10.0) predates Flink 2, so its {@code FlinkVersion} has
 * no {@code v2_2}: the version is read as text and checked apart; everything else goes through the
 * model.
 */
class K8sManifestsTest {
  private static final Path DIR = Path.of("").toAbsolutePath();
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
  private static final List<JsonNode> DOCS = new ArrayList<>();
  private static JsonNode kustomization;

  @BeforeAll
  static void read() throws IOException {
    kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    for (JsonNode resource : kustomization.path("resources")) {
      Path file = DIR.resolve(resource.asText());
      assertThat(file).as("resource %s", resource.asText()).exists();
      try (var parser = YAML.getFactory().createParser(file.toFile())) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(DOCS::add);
      }
    }
  }

  private static List<JsonNode> ofKind(String kind) {
    return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static <T> T as(JsonNode doc, Class<T> type) {
    return YAML.convertValue(doc, type);
  }

  @Test
  void everyFileTheKustomizationNamesExistsButTheCitysOwnData() {
    int files = 0;
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      for (JsonNode f : generator.path("files")) {
        String path = f.asText().substring(f.asText().indexOf('=') + 1);
        if (path.startsWith("city-data/")) {
          assertThat(DIR.resolve("city-data/README.md")).exists();
          continue;
        }
        assertThat(DIR.resolve(path).normalize()).as("%s", path).exists();
        files++;
      }
    }
    assertThat(files).isGreaterThanOrEqualTo(6);
    assertThat(DOCS).hasSizeGreaterThan(15);
  }

  @Test
  void eachJobIsAFlinkDeploymentWhoseArgumentsTheJobAccepts() throws Exception {
    List<JsonNode> jobs = ofKind("FlinkDeployment");
    assertThat(jobs).hasSize(4);
    Set<String> entryClasses = new HashSet<>();
    for (JsonNode doc : jobs) {
      FlinkDeployment d = as(doc, FlinkDeployment.class);
      String name = d.getMetadata().getName();
      assertThat(doc.path("spec").path("flinkVersion").asText()).as(name).isEqualTo("v2_2");
      assertThat(d.getSpec().getImage()).matches("[a-z0-9./_-]+:\\d[A-Za-z0-9._-]*");
      var job = d.getSpec().getJob();
      assertThat(job.getJarURI()).isEqualTo("local:///opt/flink/usrlib/cityops-stream-jobs.jar");
      assertThat(job.getUpgradeMode()).as("upgrades keep state").isEqualTo(UpgradeMode.SAVEPOINT);
      assertThatCode(() -> Class.forName(job.getEntryClass())).doesNotThrowAnyException();
      entryClasses.add(job.getEntryClass());
      if (job.getEntryClass().endsWith("RainJobMain")) {
        // the zones file is the city's, mounted at /opt/cityops/data: read Rio's in its place
        String[] args = job.getArgs().clone();
        for (int i = 0; i < args.length - 1; i++) {
          if (args[i].equals("--rain.zones-file")) {
            assertThat(args[i + 1]).startsWith("/opt/cityops/data/");
            args[i + 1] = SharedData.data("rio/rain-zones.geojson").toString();
          }
        }
        RainJobConfig rain = RainJobConfig.from(Settings.fromArgs(args));
        assertThat(rain.influx()).isNotNull();
        assertThat(grants("cityops-rain-job")).contains("group " + rain.consumerGroup() + " Read");
        assertThat(Files.readString(DIR.resolve("flink-rain-job.yaml")))
            .contains("mountPath: /opt/cityops/data");
      } else if (job.getEntryClass().endsWith("TrafficJobMain")) {
        var traffic =
            org.cityops.jobs.traffic.TrafficJobConfig.from(Settings.fromArgs(job.getArgs()));
        assertThat(traffic.basics().influx()).isNotNull();
        assertThat(grants("cityops-traffic-job"))
            .contains("group " + traffic.basics().consumerGroup() + " Read");
      } else if (job.getEntryClass().endsWith("HealthJobMain")) {
        // the neighbourhoods are the city's, mounted at /opt/cityops/data: read Rio's in their
        // place, and a population file for two of them
        String[] args = job.getArgs().clone();
        java.nio.file.Path populations = Files.createTempFile("populations", ".csv");
        populations.toFile().deleteOnExit();
        Files.writeString(populations, "id,population\n24,146000\n23,14800\n");
        for (int i = 0; i < args.length - 1; i++) {
          if (args[i].equals("--health.neighbourhoods")) {
            assertThat(args[i + 1]).startsWith("/opt/cityops/data/");
            args[i + 1] = SharedData.data("rio/neighbourhoods.geojson").toString();
          } else if (args[i].equals("--health.populations")) {
            assertThat(args[i + 1]).startsWith("/opt/cityops/data/");
            args[i + 1] = populations.toString();
          }
        }
        var health = org.cityops.jobs.health.HealthJobConfig.from(Settings.fromArgs(args));
        assertThat(health.basics().influx()).isNotNull();
        assertThat(health.areas().populations()).containsEntry("24", 146_000);
        assertThat(grants("cityops-health-job"))
            .contains("group " + health.basics().consumerGroup() + " Read")
            .contains("topic city.cases Read");
        assertThat(grants("cityops-health-feed")).contains("topic city.cases Write");
      } else {
        AlertsJobConfig config = AlertsJobConfig.from(Settings.fromArgs(job.getArgs()));
        assertThat(config.mqttServerUri()).isEqualTo("tcp://mosquitto:1883");
        assertThat(config.mqttAccess().username()).isEqualTo("cityops-alerts");
        assertThat(grants("cityops-alerts-job"))
            .contains("group " + config.consumerGroup() + " Read");
      }
      Map<String, String> flink = d.getSpec().getFlinkConfiguration();
      assertThat(flink.get("execution.checkpointing.dir")).as(name).startsWith("s3://");
      assertThat(flink.get("execution.checkpointing.savepoint-dir")).as(name).startsWith("s3://");
      assertThat(flink.get("high-availability.type")).isEqualTo("kubernetes");
      assertThatCode(() -> Class.forName(flink.get("metrics.reporter.cityops.factory.class")))
          .as("the metrics reporter of %s", name)
          .doesNotThrowAnyException();
      int slots = Integer.parseInt(flink.get("taskmanager.numberOfTaskSlots"));
      assertThat(job.getParallelism()).isPositive();
      assertThat(slots).isPositive();
      String args = String.join(" ", job.getArgs());
      assertThat(args).as("no secret in %s's arguments", name).doesNotContain("token");
    }
    assertThat(entryClasses)
        .containsExactlyInAnyOrder(
            "org.cityops.jobs.rain.RainJobMain",
            "org.cityops.jobs.alerts.AlertsJobMain",
            "org.cityops.jobs.traffic.TrafficJobMain",
            "org.cityops.jobs.health.HealthJobMain");
  }

  @Test
  void kafkaRunsInKraftModeWithEveryContractTopicReplicated() throws Exception {
    Kafka kafka = as(ofKind("Kafka").get(0), Kafka.class);
    assertThat(kafka.getMetadata().getAnnotations())
        .containsEntry("strimzi.io/kraft", "enabled")
        .containsEntry("strimzi.io/node-pools", "enabled");
    assertThat(kafka.getSpec().getKafka().getConfig())
        .containsEntry("min.insync.replicas", 2)
        .containsEntry("auto.create.topics.enable", false);
    KafkaNodePool pool = as(ofKind("KafkaNodePool").get(0), KafkaNodePool.class);
    assertThat(pool.getSpec().getReplicas()).isGreaterThanOrEqualTo(3);
    assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "cityops");

    Set<String> topics = new HashSet<>();
    for (JsonNode doc : ofKind("KafkaTopic")) {
      KafkaTopic t = as(doc, KafkaTopic.class);
      assertThat(t.getSpec().getReplicas()).isEqualTo(3);
      assertThat(t.getSpec().getPartitions()).isPositive();
      assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "cityops");
      topics.add(t.getSpec().getTopicName());
    }
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        assertThat(topics).as("KafkaTopic for %s", f.get(null)).contains((String) f.get(null));
      }
    }
    KafkaTopic subscriptions =
        ofKind("KafkaTopic").stream()
            .map(d -> as(d, KafkaTopic.class))
            .filter(t -> t.getSpec().getTopicName().equals(Topics.SUBSCRIPTIONS))
            .findFirst()
            .orElseThrow();
    assertThat(subscriptions.getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
  }

  /** Topic and operations of one user's ACLs, e.g. {@code city.control Write}. */
  private static Set<String> grants(String user) {
    JsonNode doc =
        ofKind("KafkaUser").stream()
            .filter(d -> d.at("/metadata/name").asText().equals(user))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no KafkaUser " + user));
    as(doc, io.strimzi.api.kafka.model.user.KafkaUser.class); // fits Strimzi's model
    Set<String> out = new java.util.TreeSet<>();
    for (JsonNode acl : doc.at("/spec/authorization/acls")) {
      for (JsonNode op : acl.path("operations")) {
        out.add(
            acl.at("/resource/type").asText()
                + " "
                + acl.at("/resource/name").asText()
                + " "
                + op.asText());
      }
    }
    return out;
  }

  @Test
  void onlyTheConsoleMayWriteTheControlTopicAndEveryClientAuthenticates() throws Exception {
    Kafka kafka = as(ofKind("Kafka").get(0), Kafka.class);
    assertThat(kafka.getSpec().getKafka().getListeners())
        .as("no listener lets a client in without a certificate")
        .allSatisfy(
            l -> {
              assertThat(l.isTls()).isTrue();
              assertThat(l.getAuth()).isNotNull();
            });
    Set<String> writers = new java.util.TreeSet<>();
    for (JsonNode user : ofKind("KafkaUser")) {
      String name = user.at("/metadata/name").asText();
      assertThat(user.at("/spec/authentication/type").asText()).as(name).isEqualTo("tls");
      if (grants(name).contains("topic " + Topics.CONTROL + " Write")) {
        writers.add(name);
      }
    }
    assertThat(writers).containsExactly("cityops-console");
    // each job may read what it reads and write what it writes, nothing else
    assertThat(grants("cityops-rain-job"))
        .containsExactlyInAnyOrder(
            "topic city.readings Read",
            "topic city.readings Describe",
            "topic city.reports Read",
            "topic city.reports Describe",
            "topic city.control Read",
            "topic city.control Describe",
            "topic city.detections Write",
            "topic city.detections Describe",
            "topic city.rejected Write",
            "topic city.rejected Describe",
            "group cityops-rain Read");
    // new rule versions go through the console too (engineers push them there): no other user
    // writes rules anywhere
    assertThat(ofKind("KafkaTopic"))
        .extracting(t -> t.at("/spec/topicName").asText())
        .doesNotContain("city.rules");
    // the traffic job reads residents' reports and its rule changes too (without them its Kafka
    // sources would be refused at start)
    assertThat(grants("cityops-traffic-job"))
        .containsExactlyInAnyOrder(
            "topic city.readings Read",
            "topic city.readings Describe",
            "topic city.reports Read",
            "topic city.reports Describe",
            "topic city.control Read",
            "topic city.control Describe",
            "topic city.detections Write",
            "topic city.detections Describe",
            "topic city.rejected Write",
            "topic city.rejected Describe",
            "group cityops-traffic Read");
    assertThat(grants("cityops-health-job"))
        .containsExactlyInAnyOrder(
            "topic city.readings Read",
            "topic city.readings Describe",
            "topic city.cases Read",
            "topic city.cases Describe",
            "topic city.reports Read",
            "topic city.reports Describe",
            "topic city.control Read",
            "topic city.control Describe",
            "topic city.detections Write",
            "topic city.detections Describe",
            "topic city.rejected Write",
            "topic city.rejected Describe",
            "group cityops-health Read");
    assertThat(grants("cityops-alerts-job"))
        .contains("topic city.control Read", "group cityops-alerts Read")
        .doesNotContain("topic city.control Write", "topic city.readings Read");
    assertThat(grants("cityops-bridge"))
        .allMatch(g -> g.matches("topic city\\.(readings|reports|rejected) (Write|Describe)"));

    // and each client connects as its user, over TLS, with the secrets Strimzi made for it
    for (JsonNode doc : ofKind("FlinkDeployment")) {
      FlinkDeployment d = as(doc, FlinkDeployment.class);
      String[] args = d.getSpec().getJob().getArgs();
      Settings settings = Settings.fromArgs(args);
      var connection = org.cityops.jobs.common.KafkaConnection.from(settings);
      assertThat(connection.bootstrapServers()).endsWith(":9093");
      assertThat(connection.clientProperties())
          .containsEntry("security.protocol", "SSL")
          .containsEntry("ssl.keystore.location", "/etc/kafka/user/user.p12")
          .containsEntry("ssl.keystore.password", "${dir:/etc/kafka/user:user.password}");
      String user = d.getMetadata().getName() + "-job"; // cityops-rain-job, cityops-alerts-job
      assertThat(doc.at("/spec/podTemplate/spec/volumes").findValuesAsText("secretName"))
          .as("the secrets %s mounts", d.getMetadata().getName())
          .contains(user, "cityops-cluster-ca-cert");
    }
    StatefulSet bridge =
        as(
            ofKind("StatefulSet").stream()
                .filter(d -> d.at("/metadata/name").asText().equals("bridge"))
                .findFirst()
                .orElseThrow(),
            StatefulSet.class);
    var pod = bridge.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getArgs())
        .contains("cityops-kafka-bootstrap:9093", "security.protocol=SSL")
        .containsSubsequence("--influx-url", "http://influxdb:8086");
    assertThat(pod.getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CITYOPS_INFLUX_TOKEN");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("influx-token");
            });
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("cityops-bridge"));

    // the console, the one writer of city.control, connects as cityops-console
    Deployment console =
        as(
            ofKind("Deployment").stream()
                .filter(d -> d.at("/metadata/name").asText().equals("console"))
                .findFirst()
                .orElseThrow(),
            Deployment.class);
    var consolePod = console.getSpec().getTemplate().getSpec();
    List<String> consoleArgs = consolePod.getContainers().get(0).getArgs();
    assertThatCode(
            () ->
                new picocli.CommandLine(new org.cityops.console.ConsoleMain())
                    .parseArgs(consoleArgs.toArray(String[]::new)))
        .doesNotThrowAnyException();
    assertThat(consoleArgs).contains("cityops-kafka-bootstrap:9093", "security.protocol=SSL");
    assertThat(consolePod.getVolumes())
        .extracting(v -> v.getSecret().getSecretName())
        .contains("cityops-console", "cityops-console-users", "cityops-cluster-ca-cert");
  }

  @Test
  void theOtherPartsArePinnedAndReadTheirSecretsFromTheSecret() throws Exception {
    List<PodSpec> pods = new ArrayList<>();
    ofKind("Deployment")
        .forEach(d -> pods.add(as(d, Deployment.class).getSpec().getTemplate().getSpec()));
    ofKind("StatefulSet")
        .forEach(d -> pods.add(as(d, StatefulSet.class).getSpec().getTemplate().getSpec()));
    assertThat(pods).hasSize(5); // mosquitto, grafana, influxdb, bridge, console
    JsonNode secret = YAML.readTree(DIR.resolve("secrets.example.yaml").toFile());
    Set<String> keys = new HashSet<>();
    secret.path("stringData").fieldNames().forEachRemaining(keys::add);
    for (PodSpec pod : pods) {
      for (Container c : pod.getContainers()) {
        assertThat(c.getImage())
            .as("image of %s", c.getName())
            .matches("[a-z0-9./_-]+:\\d[A-Za-z0-9._-]*");
        assertThat(c.getResources().getRequests()).as("requests of %s", c.getName()).isNotEmpty();
        c.getEnv().stream()
            .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
            .forEach(
                e ->
                    assertThat(keys)
                        .as("secret key of %s in %s", e.getName(), c.getName())
                        .contains(e.getValueFrom().getSecretKeyRef().getKey()));
        if (c.getName().equals("bridge")) {
          List<String> args =
              c.getArgs().stream().map(a -> a.replace("$(POD_NAME)", "bridge-0")).toList();
          assertThatCode(
                  () ->
                      new CommandLine(new org.cityops.ingestion.bridge.BridgeMain())
                          .parseArgs(args.toArray(String[]::new)))
              .doesNotThrowAnyException();
          assertThat(c.getCommand()).contains("org.cityops.ingestion.bridge.BridgeMain");
        }
      }
    }
    assertThat(Files.readString(DIR.resolve("grafana.yaml")))
        .contains("/etc/grafana/provisioning/datasources", "/var/lib/grafana/dashboards/cityops");
  }
}
