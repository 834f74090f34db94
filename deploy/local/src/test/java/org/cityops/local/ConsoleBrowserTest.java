package org.cityops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.MqttSink;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' console in a real browser (Debian's headless Chromium, driven through its own
 * chromedriver: no browser is downloaded) against the whole local stack: rain readings over MQTT
 * become a siren-level incident that appears in the queue without a reload; an operator's
 * acknowledgement goes through city.control and the alerts job and comes back as the incident's new
 * status; an operator is refused the approval a supervisor then gives; a note holding a script tag
 * is shown as text. The console's screenshot is kept as a build artifact.
 */
class ConsoleBrowserTest {
  private static final Path SCREENSHOT = Path.of("target", "console-screenshot.png");

  private static WebDriver chromium() {
    File browser = new File("/usr/bin/chromium");
    File driver = new File("/usr/bin/chromedriver");
    assertThat(browser)
        .as("Debian's chromium and chromium-driver (./test.sh installs them)")
        .exists();
    assertThat(driver).exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--user-data-dir=" + tempDir("cityops-chromium-"));
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
  }

  private static String tempDir(String prefix) {
    return org.cityops.embedded.Dirs.tempDeletedAtExit(prefix).toString();
  }

  private static void login(WebDriver browser, WebDriverWait wait, String user, String password) {
    // the page may replace the form while it is being found (Chromium then answers "node does
    // not belong to the document"): fill it again until one whole fill and submit went through
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(
            d -> {
              if (!d.findElement(By.id("login-name")).isDisplayed()) {
                return false;
              }
              d.findElement(By.id("login-name")).clear();
              d.findElement(By.id("login-name")).sendKeys(user);
              d.findElement(By.id("login-password")).clear();
              d.findElement(By.id("login-password")).sendKeys(password);
              d.findElement(By.cssSelector("#login-form button")).click();
              return true;
            });
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
  }

  /** The queue row of the first siren-level incident, once it is there. */
  private static WebElement sirenRow(WebDriverWait wait) {
    return wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#queue tbody tr[data-id^='siren_level:']")));
  }

  /** Clicks the row, again if the live queue redrew it between finding and clicking. */
  private static void clickSirenRow(WebDriverWait wait) {
    wait.until(
        d -> {
          try {
            sirenRow(wait).click();
            return true;
          } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return false;
          }
        });
  }

  /** A demo neighbourhood none of the given points is in or near. */
  private static org.cityops.geo.Zone quietNeighbourhood(LocalStack stack, List<GeoPoint> points) {
    org.cityops.geo.ZoneMap zones =
        org.cityops.geo.GeoJsonZones.read(stack.healthNeighbourhoods(), "id", "name");
    java.util.Set<String> taken = new java.util.HashSet<>();
    points.forEach(p -> zones.zoneAtOrNear(p, 1_000).ifPresent(z -> taken.add(z.id())));
    return zones.zones().stream().filter(z -> !taken.contains(z.id())).findFirst().orElseThrow();
  }

  private static void act(WebDriver browser, String action) {
    browser.findElement(By.cssSelector(".actions button[data-action='" + action + "']")).click();
  }

  @Test
  void anOperatorSeesTheStormArriveActsOnItAndIsRefusedWhatOnlyASupervisorMayDo() throws Exception {
    Path dir = org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-console-");
    LocalOptions options =
        new LocalOptions(dir, null, null, null, false, Duration.ofSeconds(2), 2, 0);
    try (LocalStack stack = LocalStack.start(options)) {
      WebDriver browser = chromium();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        // the live queue is redrawn as versions come: a row found a moment ago may be gone by the
        // time it is read, so every wait looks again instead of failing (seen in a suite run)
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        browser.get(stack.consoleUrl());
        login(browser, wait, "operator", stack.consolePasswords().get("operator"));
        assertThat(browser.findElements(By.cssSelector("#queue tbody tr"))).isEmpty();
        String consoleTab = browser.getWindowHandle();

        // two residents' pages, opened before the storm: one at the gauge, one 40 km away
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(stack.consoleUrl() + "resident.html?lat=-22.93&lon=-43.22");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "Ao vivo"));
        ((JavascriptExecutor) browser).executeScript("window.neverReloaded = true");
        String nearTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(stack.consoleUrl() + "resident.html?lat=-22.80&lon=-43.60");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "Ao vivo"));
        String farTab = browser.getWindowHandle();
        browser.switchTo().window(consoleTab);

        // an hour of very strong rain at one gauge: 72 mm, above the siren level of 40 mm/h
        Instant end = Instant.now().minus(Duration.ofMinutes(20));
        GeoPoint tijuca = new GeoPoint(-22.93, -43.22);
        org.cityops.geo.Zone blindArea =
            quietNeighbourhood(
                stack, List.of(tijuca, new GeoPoint(-22.95, -43.3), new GeoPoint(-22.9, -43.3)));
        try (MqttSink sensors = new MqttSink(stack.mqttUri(), "console-test-gauges")) {
          for (int k = 12; k >= 0; k--) {
            Instant at = end.minus(Duration.ofMinutes(5L * k));
            sensors.publish(
                SensorTopic.of(SensorKind.RAIN_GAUGE, "gauge-tijuca"),
                EventJson.write(Reading.rain("gauge-tijuca", at, tijuca, k == 12 ? 0 : 6)));
          }
          // and a gauge that fell silent 45 minutes ago
          sensors.publish(
              SensorTopic.of(SensorKind.RAIN_GAUGE, "gauge-silent"),
              EventJson.write(
                  Reading.rain(
                      "gauge-silent",
                      Instant.now().minus(Duration.ofMinutes(45)),
                      new GeoPoint(-22.95, -43.3),
                      0)));
          // a gauge in a neighbourhood no other sensor of this test is in, silent for 45 minutes
          sensors.publish(
              SensorTopic.of(SensorKind.RAIN_GAUGE, "gauge-blind-area"),
              EventJson.write(
                  Reading.rain(
                      "gauge-blind-area",
                      Instant.now().minus(Duration.ofMinutes(45)),
                      blindArea.representativePoint(),
                      0)));
          for (int i = 0; i < 10; i++) { // later dry readings move event time on, everywhere
            sensors.publish(
                SensorTopic.of(SensorKind.RAIN_GAUGE, "tick-" + i),
                EventJson.write(
                    Reading.rain(
                        "tick-" + i,
                        end.plus(Duration.ofMinutes(15)),
                        new GeoPoint(-22.9, -43.3),
                        0)));
          }
          // a resident's report whose text is markup
          sensors.publish(
              "city/reports/flooding",
              ("{\"reportId\":\"browser-test-1\",\"category\":\"flooding\",\"time\":\""
                      + Instant.now().minusSeconds(30)
                      + "\",\"location\":{\"lat\":-22.93,\"lon\":-43.22},\"reporter\":\"resident-7\","
                      + "\"text\":\"<img src=x onerror=\\\"window.hacked=2\\\"><script>window.hacked=3</script>\"}")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sensors.awaitAcknowledged(60, TimeUnit.SECONDS);
        }

        // it appears without a reload, and the operator acknowledges it
        sirenRow(wait);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("stage"), "Stage 5 · crisis"));
        // (the queue is redrawn as versions come: find the row afresh before each use)
        String sirenText =
            wait.until(
                d ->
                    d.findElement(By.cssSelector("#queue tbody tr[data-id^='siren_level:']"))
                        .getText());
        assertThat(sirenText).contains("Extreme").contains("ACTIVE_UNACK");
        clickSirenRow(wait);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        act(browser, "acknowledge");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "acknowledge sent"));
        wait.until(
            d ->
                d.findElement(By.cssSelector("#queue tbody tr[data-id^='siren_level:']"))
                    .getText()
                    .contains("ACTIVE_ACK"));

        // the resident's markup is shown as text
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#reports li[data-id='browser-test-1']")));
        browser.findElement(By.cssSelector("#reports-box summary")).click();
        assertThat(
                browser
                    .findElement(By.cssSelector("#reports li[data-id='browser-test-1']"))
                    .getText())
            .contains("<img src=x onerror=\"window.hacked=2\"><script>window.hacked=3</script>");
        assertThat(browser.findElements(By.cssSelector("#reports img"))).isEmpty();

        // the neighbourhood whose only sensor is silent is named as having no data
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#blind-list li[data-area='" + blindArea.id() + "']")));
        assertThat(
                browser
                    .findElement(
                        By.cssSelector("#blind-list li[data-area='" + blindArea.id() + "']"))
                    .getText())
            .startsWith(blindArea.name() + " · no data for 4");
        assertThat(browser.findElement(By.id("area-health")).getText())
            .isEqualTo("1 area with no data");
        // the silent gauge is flagged: its area is blind, not calm
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#silent-list li[data-sensor='gauge-silent']")));
        assertThat(browser.findElement(By.id("sensor-health")).getText())
            .endsWith(" · 2 silent"); // this one and the one alone in its neighbourhood
        // and the jobs' lag, read from their committed offsets, is in view
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("pipeline-health"), "rain lag"));
        assertThat(browser.findElement(By.id("pipeline-health")).getText()).contains("alerts lag");

        // an incident opened by hand (a caller) flows like any other
        browser.findElement(By.cssSelector("#open-box summary")).click();
        browser.findElement(By.id("open-note")).sendKeys("a caller: water at the school doors");
        browser.findElement(By.cssSelector("#open-form button")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("open-result"), "opened urban_flooding:manual:"));
        String manual = browser.findElement(By.id("open-result")).getAttribute("data-incident-id");
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#queue tbody tr[data-id='" + manual + "']")));

        // the queue can be narrowed to where the map looks: the other side of the world, nothing
        browser.findElement(By.id("filter-area")).click();
        ((JavascriptExecutor) browser).executeScript("state.map.setView([35.68, 139.69], 11)");
        wait.until(d -> d.findElements(By.cssSelector("#queue tbody tr")).isEmpty());
        ((JavascriptExecutor) browser).executeScript("state.map.setView([-22.93, -43.35], 11)");
        wait.until(d -> !d.findElements(By.cssSelector("#queue tbody tr")).isEmpty());
        browser.findElement(By.id("filter-area")).click();

        // only a supervisor approves the public warning
        act(browser, "approve_warning");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "needs a supervisor"));

        // hostile text is shown as text
        act(browser, "note");
        Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("<script>window.hacked=1</script><b>bold?</b>");
        prompt.accept();
        clickSirenRow(wait);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-timeline"), "<script>window.hacked=1</script>"));
        assertThat(
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return window.hacked === undefined && document.querySelectorAll('#detail-timeline b').length === 0"))
            .isEqualTo(true);

        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(
            ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
            SCREENSHOT,
            StandardCopyOption.REPLACE_EXISTING);

        browser.findElement(By.id("logout")).click();
        login(browser, wait, "supervisor", stack.consolePasswords().get("supervisor"));
        clickSirenRow(wait);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        act(browser, "approve_warning");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "approve_warning sent"));
        // the approved warning is then in force: the detail says so once the job has sent it
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail-warning"), "Public warning in force"));

        // the resident at the gauge got the approved warning live; the one far away got nothing
        browser.switchTo().window(nearTab);
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#warnings li[data-identifier^='siren_level:']")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.neverReloaded"))
            .isEqualTo(true);
        List<String> near =
            browser.findElements(By.cssSelector("#warnings li")).stream()
                .map(e -> e.getAttribute("data-identifier"))
                .toList();
        browser.switchTo().window(farTab);
        assertThat(browser.findElements(By.cssSelector("#warnings li"))).isEmpty();
        assertThat(browser.findElement(By.id("none")).isDisplayed()).isTrue();
        System.out.printf("resident page at the gauge: %s; 40 km away: none%n", near);
        browser.switchTo().window(consoleTab);
        System.out.printf(
            "console in Chromium: queue %s; screenshot %s%n",
            browser.findElements(By.cssSelector("#queue tbody tr")).stream()
                .map(e -> e.getAttribute("data-id"))
                .toList(),
            SCREENSHOT.toAbsolutePath());
      } finally {
        browser.quit();
      }
    }
  }
}
