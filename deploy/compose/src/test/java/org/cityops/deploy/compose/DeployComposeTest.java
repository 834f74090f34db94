package org.cityops.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeMain;
import org.cityops.ingestion.simulator.SimulatorMain;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * What can be checked of the compose deployment without a Docker engine: it parses (anchors and
 * merges included), every image is pinned, every file it mounts exists, no two services claim one
 * host port, references resolve, every service that keeps running comes back when it dies, the
 * jobs' and bridge's arguments are settings the code accepts, and Grafana gets the provisioning and
 * the variables it reads.
 */
class DeployComposeTest {
  private static final Path DIR = Path.of("").toAbsolutePath();
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    compose = new Yaml().load(Files.readString(DIR.resolve("compose.yaml")));
    services = (Map<String, Map<String, Object>>) (Map<?, ?>) compose.get("services");
  }

  /** Compose's own interpolation, with every variable unset: {@code ${X:-d}} → d, $$ → $. */
  static String interpolate(String value) {
    Matcher m = Pattern.compile("\\$\\{(\\w+)(?::-([^}]*))?}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      assertThat(m.group(2)).as("%s has a default for an unset variable", m.group()).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2)));
    }
    m.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Object::toString).map(DeployComposeTest::interpolate).toList();
    }
    return List.of(interpolate(value.toString()));
  }

  @Test
  void hasThePartsOfTheDeployment() {
    assertThat(services)
        .containsKeys(
            "mosquitto",
            "kafka",
            "kafka-topics",
            "influxdb",
            "bridge",
            "flink-jobmanager",
            "flink-taskmanager",
            "grafana",
            "console");
  }

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    services.values().forEach(s -> images.add((String) s.get("image")));
    for (String line : Files.readAllLines(DIR.resolve("Dockerfile"))) {
      if (line.startsWith("FROM ")) {
        images.add(line.split("\\s+")[1]);
      }
    }
    assertThat(images).doesNotContainNull().hasSizeGreaterThan(8);
    for (String image : images) {
      assertThat(image)
          .as("image %s is pinned", image)
          .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*")
          .doesNotContain(":latest");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyMountedFileAndBuildContextExists() {
    int mounts = 0;
    for (var e : services.entrySet()) {
      for (String volume : list(e.getValue().get("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          assertThat(DIR.resolve(source).normalize())
              .as("%s mounts %s", e.getKey(), source)
              .exists();
          mounts++;
        } else {
          assertThat((Map<String, Object>) compose.get("volumes"))
              .as("named volume %s of %s is declared", source, e.getKey())
              .containsKey(source);
        }
      }
      Object build = e.getValue().get("build");
      if (build instanceof Map<?, ?> b) {
        Path context = DIR.resolve((String) b.get("context")).normalize();
        assertThat(context.resolve((String) b.get("dockerfile"))).exists();
        assertThat(context.resolve("pom.xml")).as("the build context is the repository").exists();
      }
    }
    assertThat(mounts).isGreaterThanOrEqualTo(4);
  }

  @Test
  void noTwoServicesClaimOneHostPort() {
    Map<String, String> owners = new HashMap<>();
    for (var e : services.entrySet()) {
      for (String port : list(e.getValue().get("ports"))) {
        String host = port.split(":")[0];
        String earlier = owners.put(host, e.getKey());
        assertThat(earlier).as("host port %s of %s", host, e.getKey()).isNull();
      }
    }
    assertThat(owners).containsKeys("1883", "9092", "8086", "8081", "3000");
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependenciesNameServicesThatExist() {
    for (var e : services.entrySet()) {
      Object deps = e.getValue().get("depends_on");
      Set<String> names = new HashSet<>();
      if (deps instanceof Map<?, ?> m) {
        names.addAll((Set<String>) m.keySet());
      } else if (deps instanceof List<?> l) {
        l.forEach(d -> names.add(d.toString()));
      }
      assertThat(services.keySet()).as("depends_on of %s", e.getKey()).containsAll(names);
    }
  }

  /**
   * A service that dies (a crash, an out-of-memory kill) comes back by itself, the brokers and the
   * store above all: a killed Mosquitto that stays down holds its saved backlog for nobody. Only
   * what runs once is left out: the set-up steps others wait on, and the demo's simulator.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyServiceButTheOnesThatRunOnceComesBackWhenItDies() {
    Set<String> awaitedToComplete = new HashSet<>();
    for (Map<String, Object> service : services.values()) {
      if (service.get("depends_on") instanceof Map<?, ?> deps) {
        deps.forEach(
            (name, how) -> {
              if (how instanceof Map<?, ?> h
                  && "service_completed_successfully".equals(h.get("condition"))) {
                awaitedToComplete.add((String) name);
              }
            });
      }
    }
    assertThat(awaitedToComplete).containsExactlyInAnyOrder("mqtt-accounts", "kafka-topics");
    for (var e : services.entrySet()) {
      boolean demo = list(e.getValue().get("profiles")).contains("demo");
      if (awaitedToComplete.contains(e.getKey()) || demo) {
        continue;
      }
      assertThat(e.getValue().get("restart"))
          .as("restart policy of %s", e.getKey())
          .isIn("unless-stopped", "always");
    }
  }

  @Test
  void theJobIsStartedWithSettingsTheJobAccepts() {
    List<String> command = list(services.get("flink-jobmanager").get("command"));
    assertThat(command).startsWith("standalone-job", "--job-classname");
    assertThatCode(() -> Class.forName(command.get(2))).doesNotThrowAnyException();
    String[] args = command.subList(3, command.size()).toArray(String[]::new);
    RainJobConfig config = RainJobConfig.from(Settings.fromArgs(args));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(config.influx()).isNotNull();
    assertThat(config.influx().describe()).contains("influxdb:8086");
  }

  @Test
  void theAlertsJobIsStartedWithSettingsItAccepts() {
    List<String> command = list(services.get("alerts-jobmanager").get("command"));
    assertThat(command).startsWith("standalone-job", "--job-classname");
    assertThatCode(() -> Class.forName(command.get(2))).doesNotThrowAnyException();
    var config =
        org.cityops.jobs.alerts.AlertsJobConfig.from(
            Settings.fromArgs(command.subList(3, command.size()).toArray(String[]::new)));
    assertThat(config.mqttServerUri()).isEqualTo("tcp://mosquitto:1883");
    assertThat(config.mqttAccess().username()).isEqualTo("cityops-alerts");
    assertThat(config.roster().roles()).isNotEmpty();
    assertThat(config.influx()).isNotNull();
  }

  @Test
  void theTrafficJobIsStartedWithSettingsItAccepts() {
    List<String> command = list(services.get("traffic-jobmanager").get("command"));
    assertThat(command).startsWith("standalone-job", "--job-classname");
    assertThatCode(() -> Class.forName(command.get(2))).doesNotThrowAnyException();
    var config =
        org.cityops.jobs.traffic.TrafficJobConfig.from(
            Settings.fromArgs(command.subList(3, command.size()).toArray(String[]::new)));
    assertThat(config.basics().kafka().bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(config.basics().influx()).isNotNull();
    // no road files: the simulator's grid city, the one the simulator service drives
    assertThat(config.layout().sites()).hasSize(192);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHealthJobIsStartedWithSettingsItAcceptsOnTheNeighbourhoodsItMounts() {
    List<String> command = list(services.get("health-jobmanager").get("command"));
    assertThat(command).startsWith("standalone-job", "--job-classname");
    assertThatCode(() -> Class.forName(command.get(2))).doesNotThrowAnyException();
    // the neighbourhoods file is mounted from city-data: read it where it lies in the repository
    String[] args = command.subList(3, command.size()).toArray(String[]::new);
    List<String> volumes = list(services.get("health-jobmanager").get("volumes"));
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--health.neighbourhoods")) {
        String inContainer = args[i + 1];
        String mount =
            volumes.stream().filter(v -> v.contains(":" + inContainer)).findFirst().orElseThrow();
        args[i + 1] = DIR.resolve(mount.substring(0, mount.indexOf(':'))).toString();
      }
    }
    var config = org.cityops.jobs.health.HealthJobConfig.from(Settings.fromArgs(args));
    assertThat(config.basics().kafka().bootstrapServers()).isEqualTo("kafka:29092");
    assertThat(config.basics().influx()).isNotNull();
    assertThat(config.areas().zones().zones()).hasSize(16);
    // an inner cell of the 4 x 4 grid touches eight others, corners included
    assertThat(config.areas().adjacency().neighbours("6")).hasSize(8);
  }

  @Test
  @SuppressWarnings("unchecked")
  void flinkHasTheSlotsTheJobsParallelismNeeds() {
    Map<String, Object> props =
        new Yaml()
            .load(
                (String)
                    ((Map<String, Object>) services.get("flink-taskmanager").get("environment"))
                        .get("FLINK_PROPERTIES"));
    int slots = (Integer) props.get("taskmanager.numberOfTaskSlots");
    int replicas =
        (Integer)
            ((Map<String, Object>) services.get("flink-taskmanager").get("deploy")).get("replicas");
    assertThat((Integer) props.get("parallelism.default")).isLessThanOrEqualTo(slots * replicas);
    assertThat(props.get("jobmanager.rpc.address")).isEqualTo("flink-jobmanager");
    assertThat(props).containsKeys("state.checkpoints.dir", "execution.checkpointing.interval");
    // Flink's metrics reach the store through our reporter, which must exist by that name
    String reporter = (String) props.get("metrics.reporter.cityops.factory.class");
    assertThatCode(() -> Class.forName(reporter)).doesNotThrowAnyException();
    assertThat(props.get("metrics.reporter.cityops.url")).isEqualTo("http://influxdb:8086");
  }

  @Test
  void theBridgeAndSimulatorArgumentsParse() {
    List<String> bridge = list(services.get("bridge").get("command"));
    assertThatCode(() -> new CommandLine(new BridgeMain()).parseArgs(bridge.toArray(String[]::new)))
        .doesNotThrowAnyException();
    assertThat(list(services.get("bridge").get("entrypoint"))).contains(BridgeMain.class.getName());
    // its counters reach the store the dashboards read, with the token from the environment
    assertThat(String.join(" ", bridge)).contains("--influx-url http://influxdb:8086");
    assertThat(
            ((Map<?, ?>) services.get("bridge").get("environment"))
                .containsKey("CITYOPS_INFLUX_TOKEN"))
        .isTrue();
    List<String> simulator = list(services.get("simulator").get("command"));
    assertThatCode(
            () -> new CommandLine(new SimulatorMain()).parseArgs(simulator.toArray(String[]::new)))
        .doesNotThrowAnyException();
  }

  @Test
  void theConsoleStartsWithArgumentsItAcceptsAndAUsersFileThatParses() throws Exception {
    List<String> args = list(services.get("console").get("command"));
    var main = new org.cityops.console.ConsoleMain();
    assertThatCode(() -> new CommandLine(main).parseArgs(args.toArray(String[]::new)))
        .doesNotThrowAnyException();
    assertThat(list(services.get("console").get("entrypoint")))
        .contains(org.cityops.console.ConsoleMain.class.getName());
    // no user ships: the file explains how to add one, and parses as it is
    java.nio.file.Path users = DIR.resolve("console/users.txt");
    assertThat(org.cityops.console.auth.Users.load(users).size()).isZero();
    assertThat(java.nio.file.Files.readString(users)).contains("hash-password");
  }

  @Test
  void everyContractTopicIsCreated() throws IllegalAccessException {
    String script = String.join("\n", list(services.get("kafka-topics").get("command")));
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        assertThat(script).as("topic %s", f.get(null)).contains((String) f.get(null));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaGetsTheProvisioningAndEveryVariableItReads() throws IOException {
    Map<String, Object> grafana = services.get("grafana");
    List<String> volumes = list(grafana.get("volumes"));
    assertThat(volumes)
        .anyMatch(v -> v.endsWith(":/etc/grafana/provisioning:ro"))
        .anyMatch(v -> v.endsWith(":/var/lib/grafana/dashboards/cityops:ro"));
    Path datasource =
        DIR.resolve("../../dashboards/grafana/provisioning/datasources/cityops-influxdb.yaml");
    Matcher used = Pattern.compile("\\$\\{(\\w+)}").matcher(Files.readString(datasource));
    Map<String, Object> env = (Map<String, Object>) grafana.get("environment");
    int count = 0;
    while (used.find()) {
      assertThat(env).as("Grafana's environment sets %s", used.group(1)).containsKey(used.group(1));
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(3);
  }
}
