package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.board.KafkaFeed;
import org.cityops.console.residents.ResidentTokens;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.RouteAdvice;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The residents' page in Debian's headless Chromium, on a real console and Kafka: a resident marks
 * a commute's origin and destination on the map and its hours, the subscription reaches Kafka with
 * it, and the route advice the alerts job would send shows up as text (escaped) and as a line on
 * the map.
 */
class ResidentPageBrowserTest {

  @Test
  void aResidentRegistersACommuteAndSeesTheAdviceForIt() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.SUBSCRIPTIONS, Topics.ROUTE_ADVICE, Topics.ALERTS));
    Board board = new Board();
    try (KafkaFeed feed = new KafkaFeed(kafka.bootstrapServers(), Map.of(), board).start();
        Publisher publisher = new Publisher(kafka.bootstrapServers(), Map.of())) {
      ConsoleServer server =
          new ConsoleServer(
                  board,
                  Users.parse(List.of(), "none"),
                  publisher,
                  Clock.systemUTC(),
                  null,
                  org.cityops.roads.SyntheticRoads.demoCity())
              .start("127.0.0.1", 0);
      WebDriver browser = chromium();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get("http://127.0.0.1:" + server.port() + "/resident.html?lat=-22.93&lon=-43.30");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("place"), "-22.93"));
        // no tile server answers here: the grid city's 8 roads are drawn from the outlines
        wait.until(d -> d.findElements(By.cssSelector("path.city-outline.road")).size() == 8);
        browser.findElement(By.id("set-origin")).click();
        js.executeScript("choose(-22.93, -43.25)"); // a tap on the map further east
        browser.findElement(By.id("set-destination")).click();
        assertThat(browser.findElement(By.id("destination")).getText())
            .isEqualTo("-22.9300, -43.2500");
        js.executeScript(
            "document.getElementById('commute-from').value = '06:30';"
                + "document.getElementById('commute-to').value = '08:15';");
        browser.findElement(By.id("commute")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("commute-status"), "Você vai receber rotas"));

        String token =
            (String) js.executeScript("return localStorage.getItem('cityops-resident-token')");
        String residentId = ResidentTokens.residentId(token);
        Subscription sent = SentSubscriptions.first(kafka.bootstrapServers(), residentId);
        assertThat(sent.commutes())
            .singleElement()
            .satisfies(
                c -> {
                  assertThat(c.origin()).isEqualTo(new GeoPoint(-22.93, -43.30));
                  assertThat(c.destination()).isEqualTo(new GeoPoint(-22.93, -43.25));
                  assertThat(c.from()).isEqualTo("06:30");
                  assertThat(c.to()).isEqualTo("08:15");
                });

        // the alerts job's advice for it, with a message that is markup
        String hostile = "Desvio <img src=x onerror=\"window.pwned=1\">";
        try (var producer =
            new KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.ROUTE_ADVICE,
                      residentId,
                      EventJson.write(
                          new RouteAdvice(
                              residentId,
                              "meu trajeto",
                              "traffic_incident:a>b:1",
                              1,
                              RouteAdvice.Reason.BLOCKED,
                              hostile,
                              List.of(
                                  new GeoPoint(-22.93, -43.30),
                                  new GeoPoint(-22.92, -43.30),
                                  new GeoPoint(-22.92, -43.25),
                                  new GeoPoint(-22.93, -43.25)),
                              7_200,
                              600L,
                              420L,
                              null,
                              List.of("101:59-60"),
                              Instant.now()))))
              .get();
        }
        // the page asks every 15 s; ask now rather than wait
        wait.until(
            d -> {
              js.executeScript("routes()");
              return browser.findElement(By.id("routes")).getText().contains("Desvio <img");
            });
        assertThat(browser.findElements(By.cssSelector("#routes img"))).isEmpty();
        assertThat(js.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("path.route-advice"))).hasSize(1);
      } finally {
        browser.quit();
        server.close();
      }
    }
  }

  private static WebDriver chromium() throws Exception {
    File binary = new File("/usr/bin/chromium");
    File driver = new File("/usr/bin/chromedriver");
    assertThat(binary)
        .as("Debian's chromium and chromium-driver (./test.sh installs them)")
        .exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=900,900",
        "--user-data-dir="
            + org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-resident-chromium-"));
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
  }
}
