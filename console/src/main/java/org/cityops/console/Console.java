package org.cityops.console;

import java.time.Clock;
import java.util.Map;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.board.KafkaFeed;

/** The console as one running thing: its board fed from Kafka, its actions to Kafka, its server. */
public final class Console implements AutoCloseable {
  private final KafkaFeed feed;
  private final Publisher control;
  private final ConsoleServer server;
  private final org.cityops.console.board.PipelineHealth health;
  private final java.util.concurrent.ScheduledExecutorService checks;
  private final org.cityops.console.audit.AuditLog audit;

  private Console(
      KafkaFeed feed,
      Publisher control,
      ConsoleServer server,
      org.cityops.console.board.PipelineHealth health,
      java.util.concurrent.ScheduledExecutorService checks,
      org.cityops.console.audit.AuditLog audit) {
    this.audit = audit;
    this.feed = feed;
    this.control = control;
    this.server = server;
    this.health = health;
    this.checks = checks;
  }

  /**
   * @param neighbourhoods the city's neighbourhoods residents may subscribe by name, or null
   * @param roads the city's roads, drawn on the maps where no tile server answers, or null
   * @param audit where operators' actions are written (closed with the console): a running console
   *     always has one
   * @param port 0 for any free port
   */
  public static Console start(
      String kafkaBootstrap,
      Map<String, String> kafkaClientProperties,
      Users users,
      org.cityops.console.residents.Neighbourhoods neighbourhoods,
      org.cityops.roads.RoadNetwork roads,
      org.cityops.console.audit.AuditLog audit,
      String host,
      int port) {
    Board board = new Board();
    KafkaFeed feed = new KafkaFeed(kafkaBootstrap, kafkaClientProperties, board).start();
    Publisher control = new Publisher(kafkaBootstrap, kafkaClientProperties);
    ConsoleServer server =
        new ConsoleServer(board, users, control, Clock.systemUTC(), neighbourhoods, roads, audit)
            .start(host, port);
    // the jobs' lag, from their committed offsets, every 10 s
    org.cityops.console.board.PipelineHealth health =
        new org.cityops.console.board.PipelineHealth(
            kafkaBootstrap,
            kafkaClientProperties,
            org.cityops.console.board.PipelineHealth.cityOpsJobs(),
            Clock.systemUTC());
    java.util.concurrent.ScheduledExecutorService checks =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "console-pipeline-health");
              t.setDaemon(true);
              return t;
            });
    checks.scheduleWithFixedDelay(
        () -> board.takePipeline(health.check()), 0, 10, java.util.concurrent.TimeUnit.SECONDS);
    return new Console(feed, control, server, health, checks, audit);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    checks.shutdownNow();
    health.close();
    server.close();
    control.close();
    feed.close();
    audit.close();
  }
}
