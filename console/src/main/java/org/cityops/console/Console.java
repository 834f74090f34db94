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

  private Console(KafkaFeed feed, Publisher control, ConsoleServer server) {
    this.feed = feed;
    this.control = control;
    this.server = server;
  }

  /**
   * @param port 0 for any free port
   */
  public static Console start(
      String kafkaBootstrap,
      Map<String, String> kafkaClientProperties,
      Users users,
      String host,
      int port) {
    return start(kafkaBootstrap, kafkaClientProperties, users, null, host, port);
  }

  /**
   * @param neighbourhoods the city's neighbourhoods residents may subscribe by name, or null
   */
  public static Console start(
      String kafkaBootstrap,
      Map<String, String> kafkaClientProperties,
      Users users,
      org.cityops.console.residents.Neighbourhoods neighbourhoods,
      String host,
      int port) {
    Board board = new Board();
    KafkaFeed feed = new KafkaFeed(kafkaBootstrap, kafkaClientProperties, board).start();
    Publisher control = new Publisher(kafkaBootstrap, kafkaClientProperties);
    ConsoleServer server =
        new ConsoleServer(board, users, control, Clock.systemUTC(), neighbourhoods)
            .start(host, port);
    return new Console(feed, control, server);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    server.close();
    control.close();
    feed.close();
  }
}
