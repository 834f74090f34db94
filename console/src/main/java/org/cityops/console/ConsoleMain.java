package org.cityops.console;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cityops.console.auth.Users;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the operators' console against a running CityOps, or hashes a password for its users. */
@Command(
    name = "cityops-console",
    mixinStandardHelpOptions = true,
    subcommands = {ConsoleMain.HashPassword.class, ConsoleMain.VerifyAudit.class},
    description = {
      "The operators' console: a live map and queue of incidents, actions to city.control.",
      "Users come from a file of lines name:role:bcrypt-hash (roles viewer, operator,"
          + " supervisor, engineer); make a hash with: cityops-console hash-password"
    })
public final class ConsoleMain implements Callable<Integer> {
  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka (default: ${DEFAULT-VALUE})")
  String kafka;

  // "$$" is picocli's escape for a literal "$"
  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client property for a secured cluster (e.g. security.protocol=SSL); repeatable;"
              + " ssl.keystore.password=$${dir:/etc/kafka/user:user.password} reads a mounted secret")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  // not required by the parser, so that hash-password runs without it; checked in call()
  @Option(names = "--users", description = "The users file (required to run the console)")
  Path users;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--neighbourhoods",
      description =
          "GeoJSON of the city's neighbourhoods, so residents may subscribe one by name"
              + " (e.g. Rio's neighbourhoods.geojson with --neighbourhood-name nome)")
  Path neighbourhoods;

  @Option(
      names = "--neighbourhood-id",
      defaultValue = "id",
      description = "Property holding a neighbourhood's id (default: ${DEFAULT-VALUE})")
  String neighbourhoodId;

  @Option(
      names = "--neighbourhood-name",
      defaultValue = "name",
      description = "Property holding a neighbourhood's name (default: ${DEFAULT-VALUE})")
  String neighbourhoodName;

  @Option(
      names = "--roads",
      description =
          "The city's roads (OSM XML or PBF, as the traffic job's traffic.roads), drawn on the"
              + " maps beneath everything, so they show the city where no tile server answers")
  Path roads;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--audit-log",
      defaultValue = "cityops-audit.log",
      description =
          "Where every operator's login, logout and action (accepted or refused) is appended,"
              + " hash-chained; a log that does not verify is refused at start. Check one with"
              + " cityops-console verify-audit FILE (default: ${DEFAULT-VALUE})")
  Path auditLog;

  @Override
  public Integer call() throws Exception {
    if (users == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--users FILE is required: the accounts that may log in");
    }
    Users accounts = Users.load(users);
    if (accounts.size() == 0) {
      System.out.printf(
          "No users in %s: nobody can log in until you add one"
              + " (cityops-console hash-password <name> <role> prints the line)%n",
          users);
    }
    Console console =
        Console.start(
            kafka,
            org.cityops.events.KafkaClientProperties.checked(kafkaProperties, "--kafka-property "),
            accounts,
            neighbourhoods == null
                ? null
                : org.cityops.console.residents.Neighbourhoods.read(
                    neighbourhoods, neighbourhoodId, neighbourhoodName),
            roads == null ? null : org.cityops.roads.OsmFiles.read(roads),
            org.cityops.console.audit.AuditLog.open(auditLog),
            host,
            port);
    System.out.printf(
        "Console on http://%s:%d/ (%d users), reading Kafka %s; audit log %s%n",
        host, console.port(), accounts.size(), kafka, auditLog.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    console.close();
                  } catch (Exception e) {
                    System.err.println("while stopping: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** Prints the BCrypt hash of a password read from the terminal (or standard input). */
  @Command(name = "hash-password", description = "Prints a users-file line for a new user")
  static final class HashPassword implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", description = "user name")
    String name;

    @CommandLine.Parameters(index = "1", description = "viewer, operator, supervisor or engineer")
    String role;

    @Override
    public Integer call() throws Exception {
      char[] password =
          System.console() != null
              ? System.console().readPassword("Password for %s: ", name)
              : new java.io.BufferedReader(new java.io.InputStreamReader(System.in))
                  .readLine()
                  .toCharArray();
      String line = name + ":" + role + ":" + Users.hash(new String(password));
      Users.parse(java.util.List.of(line), "the new line"); // refuses a bad name or role
      System.out.println(line);
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConsoleMain()).execute(args));
  }

  /** Checks an audit log's hash chain and says where it breaks. */
  @Command(
      name = "verify-audit",
      description =
          "Checks that an audit log is whole: every entry in order, none changed or removed")
  static final class VerifyAudit implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", description = "the audit log")
    Path file;

    @Override
    public Integer call() throws Exception {
      org.cityops.console.audit.AuditLog.Verification v =
          org.cityops.console.audit.AuditLog.verify(file);
      if (v.sound()) {
        System.out.printf("%s: %d entries, chain whole%n", file, v.entries());
        return 0;
      }
      System.out.printf(
          "%s: BROKEN at line %d: %s (%d entries before it are whole)%n",
          file, v.brokenLine(), v.problem(), v.entries());
      return 1;
    }
  }
}
