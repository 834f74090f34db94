package org.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cityops.backtest.Backtest;
import org.cityops.backtest.traffic.TrafficEvaluation;
import org.cityops.dashboards.Dashboards.Dashboard;
import org.cityops.embedded.InfluxDb1Process;
import org.cityops.embedded.SharedData;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.ingestion.alertario.AlertaRioArchive;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioRow;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import org.cityops.ingestion.simulator.traffic.TrafficScenario;
import org.cityops.ingestion.simulator.traffic.TrafficSimulation;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.landslide.ZoneRisk;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.traffic.TrafficConfig;
import org.cityops.roads.RoadNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel's query, expanded as Grafana expands it, against a real InfluxDB 1.x that the rain
 * job filled from Alerta Rio's February 2019 archive (the backtest, with the production store
 * wiring). The expected values come from the official archive columns or from the job's own
 * in-memory output, never from the store being tested.
 */
class DashboardQueriesTest {
  /** Broken records the live job must count as malformed. */
  private static final int MALFORMED_LIVE = 5;

  /** When the live part (a Kafka-sourced job with checkpoints) ran: its metrics are wall-clock. */
  private static Instant liveFrom;

  private static final String DATABASE = "cityops";
  private static final Instant MONTH_FROM = Instant.parse("2019-02-01T00:00:00Z");
  private static final Instant MONTH_TO = Instant.parse("2019-03-01T03:00:00Z");
  // 6 February 2019 in Rio, summer time (UTC-2)
  private static final Instant DAY_FROM = Instant.parse("2019-02-06T02:00:00Z");
  private static final Instant DAY_TO = Instant.parse("2019-02-07T01:59:59Z");

  private static InfluxDb1Process influx;
  private static List<Reading> readings;
  private static Backtest.Result result;
  private static List<AlertaRioRow> official;

  @BeforeAll
  static void fillTheStoreFromFebruary2019() throws Exception {
    influx = new InfluxDb1Process().start();
    Path folder = SharedData.data("alertario/2019-02/barrinha_201902_Plv.csv").getParent();
    readings =
        AlertaRioReadings.readFolder(
            folder, AlertaRioStations.load(SharedData.data("rio/rain-gauges.json")));
    official = new ArrayList<>();
    for (Path file : AlertaRioArchive.files(folder)) {
      official.addAll(AlertaRioArchive.read(file));
    }
    RainJobConfig config =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.zones-file",
                    SharedData.data("rio/rain-zones.geojson").toString(),
                    "influx.url",
                    influx.url(),
                    "influx.api",
                    "V1",
                    "influx.database",
                    DATABASE)));
    result = Backtest.run(readings, config, 2, false, (n, t) -> {}, 100_000);
    runALiveJobForItsMetrics();
    runABridgeForItsCounters();
    fillTrafficFromASimulatedMorning();
    fillHealthFromASimulatedSeason();
    System.out.printf(
        "backtest into InfluxDB 1.x: %d readings, %d incident versions, %d zone levels in %d ms%n",
        readings.size(),
        result.incidents().size(),
        result.zoneRisks().size(),
        result.elapsed().toMillis());
  }

  /**
   * A job reading Kafka with checkpoints, run until the reporter has written its checkpoint and lag
   * metrics: the backtest has neither Kafka nor checkpoints.
   */
  private static void runALiveJobForItsMetrics() throws Exception {
    liveFrom = Instant.now().minusSeconds(1);
    var kafka = org.cityops.embedded.SharedServers.kafka();
    kafka.createTopics(
        2,
        List.of(
            org.cityops.events.Topics.READINGS,
            org.cityops.events.Topics.REPORTS,
            org.cityops.events.Topics.DETECTIONS,
            org.cityops.events.Topics.REJECTED,
            org.cityops.events.Topics.CONTROL));
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < MALFORMED_LIVE; i++) {
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                org.cityops.events.Topics.READINGS,
                "broken-" + i,
                "{\"sensorId\": not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      // the evening storm of 6 February, moved so that it ends now: the detectors raise incidents
      // and their latency is measured against times near the clock
      Instant stormFrom = Instant.parse("2019-02-06T21:00:00Z");
      Instant stormTo = Instant.parse("2019-02-07T02:00:00Z");
      Duration shift = Duration.between(stormTo, Instant.now().minusSeconds(60));
      List<Reading> storm =
          readings.stream()
              .filter(r -> !r.time().isBefore(stormFrom) && r.time().isBefore(stormTo))
              .map(r -> r.atTime(r.time().plus(shift)))
              .toList();
      for (Reading r : storm) {
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                org.cityops.events.Topics.READINGS,
                r.sensorId(),
                org.cityops.events.EventJson.write(r)));
      }
    }
    // Flink's own metrics go to the same store, for the Pipeline dashboard's panels (this runs
    // before any test method, so on a local cluster of its own, configured here)
    var env =
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
            .getExecutionEnvironment(
                org.cityops.jobs.common.PipelineDefaults.applyTo(
                    org.cityops.jobs.common.StateSizeTracking.enable(
                        org.apache.flink.configuration.Configuration.fromMap(
                            org.cityops.jobs.sinks.influx.FlinkMetricsReporter.configuration(
                                store(), Duration.ofMillis(300))))));
    env.setParallelism(2);
    // the rain job itself, from Kafka, without a store: its metrics are what this part is for
    org.cityops.jobs.rain.RainJobMain.addTo(
        env,
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.group", "dashboards-live",
                    "checkpoint.interval", "300ms"))));
    var job = env.executeAsync("dashboards-live");
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String lacking;
      while ((lacking = liveJobLacks(kafka)) != null && System.nanoTime() < deadline) {
        Thread.sleep(300);
      }
      if (lacking != null) {
        // the tests below fail on it; this says what the job had done by then
        System.out.printf(
            "after 60 s the live job still lacked: %s (incident versions: heavy rain %d on"
                + " Kafka, %d counted; signals: heavy rain %d, siren level %d, gauge health %d)%n",
            lacking,
            heavyRainVersionsOnKafka(kafka),
            counted("incidentVersions", "heavy_rain"),
            counted("signals", "heavy_rain"),
            counted("signals", "siren_level"),
            counted("signals", "gauge_health"));
      }
      liveHeavyRainVersions = heavyRainVersionsOnKafka(kafka);
    } finally {
      job.cancel().get();
    }
  }

  /** What the bridge under test is sent over MQTT: good readings and two kinds of refusal. */
  private static final int BRIDGE_READINGS = 6;

  private static final int BRIDGE_MALFORMED = 2;
  private static final int BRIDGE_OUT_OF_RANGE = 1;
  private static Instant bridgeFrom;
  private static Instant bridgeTo;

  /**
   * A bridge between the embedded MQTT broker and Kafka, writing its counters to the store every
   * 200 ms, sent readings and refusals by a gauge of its own; its reports of zeros fill a whole 1 s
   * interval before the first message, and closing it writes the last, so the panels see every
   * message.
   */
  private static void runABridgeForItsCounters() throws Exception {
    var mqtt = org.cityops.embedded.SharedServers.mqtt();
    var kafka = org.cityops.embedded.SharedServers.kafka();
    String topic = "city/sensors/rain_gauge/dashboards-g1";
    bridgeFrom = Instant.now().minusSeconds(1);
    var bridge =
        new org.cityops.ingestion.bridge.MqttKafkaBridge(
                new org.cityops.ingestion.bridge.BridgeConfig(
                    mqtt.serverUri(),
                    kafka.bootstrapServers(),
                    "dashboards-bridge",
                    null,
                    List.of(topic),
                    1_000,
                    Duration.ofMinutes(1),
                    org.cityops.ingestion.bridge.BridgeConfig.DEV_PSEUDONYM_KEY,
                    org.cityops.ingestion.validate.ReadingLimits.defaults(),
                    Map.of()))
            .start();
    var reporter =
        org.cityops.ingestion.bridge.BridgeMetricsReporter.start(
            bridge, store().endpoint(), Duration.ofMillis(200));
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !query("SELECT count(\"value\") FROM \"bridge_metrics\"").isEmpty());
      // a whole second of zeros before the first message: the panel's first rate is then against a
      // zero, as it is for a bridge that has been running (a derivative has no point before it)
      Thread.sleep(2_500);
      try (var gauge =
          new org.cityops.ingestion.simulator.MqttSink(mqtt.serverUri(), "dashboards-g1")) {
        Instant t = Instant.now().minus(Duration.ofHours(2));
        org.cityops.events.GeoPoint at = new org.cityops.events.GeoPoint(-23.0088, -43.2995);
        for (int i = 0; i < BRIDGE_READINGS; i++) {
          gauge.publish(
              topic,
              org.cityops.events.EventJson.write(
                  Reading.rain("dashboards-g1", t.plusSeconds(900L * i), at, 0.4)));
          Thread.sleep(150); // spread over several reports, as a live feed would be
        }
        for (int i = 0; i < BRIDGE_MALFORMED; i++) {
          gauge.publish(
              topic, "<rain>1.2</rain>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (int i = 0; i < BRIDGE_OUT_OF_RANGE; i++) {
          gauge.publish(
              topic,
              org.cityops.events.EventJson.write(
                  Reading.rain("dashboards-g1", t.plusSeconds(7_200), at, 9_999)));
        }
        gauge.awaitAcknowledged(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      int sent = BRIDGE_READINGS + BRIDGE_MALFORMED + BRIDGE_OUT_OF_RANGE;
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bridge.metrics().acked() >= sent);
    } finally {
      bridge.close();
      reporter.close();
      bridgeTo = Instant.now().plusSeconds(1);
    }
  }

  /** The first of the live job's metrics the tests need that is not in the store yet, or null. */
  private static String liveJobLacks(org.cityops.embedded.EmbeddedKafkaBroker kafka) {
    if (query("SELECT count(\"value\") FROM \"flink_metrics\" WHERE \"metric\" = 'pendingRecords'")
        .isEmpty()) {
      return "Kafka lag (pendingRecords)";
    }
    if (query(
            "SELECT count(\"value\") FROM \"flink_metrics\" WHERE \"metric\" ="
                + " 'lastCheckpointDuration'")
        .isEmpty()) {
      return "a completed checkpoint";
    }
    if (malformedCounted() < MALFORMED_LIVE) {
      return "every malformed record counted";
    }
    if (query(
            "SELECT count(\"value\") FROM \"flink_metrics\" WHERE \"metric\" ="
                + " 'detectionLatencyMs' AND \"detector\" = 'heavy_rain'")
        .isEmpty()) {
      return "a heavy-rain detection latency";
    }
    long versions = counted("incidentVersions", "heavy_rain");
    if (versions == 0 || versions != heavyRainVersionsOnKafka(kafka)) {
      return "the heavy-rain versions on Kafka, all counted";
    }
    // every sum judged by both rain-level detectors, as the last report says
    long heavySignals = counted("signals", "heavy_rain");
    if (heavySignals == 0 || heavySignals != counted("signals", "siren_level")) {
      return "as many sums judged by the heavy-rain detector as by the siren-level one";
    }
    if (query(
            "SELECT count(\"value\") FROM \"flink_metrics\" WHERE \"metric\" ="
                + " 'valueStateUpdateValueSize'")
        .isEmpty()) {
      return "state sizes (valueStateUpdateValueSize)";
    }
    return null;
  }

  /** Heavy-rain incident versions the live job wrote to Kafka. */
  private static long liveHeavyRainVersions;

  private static long heavyRainVersionsOnKafka(org.cityops.embedded.EmbeddedKafkaBroker kafka) {
    return org.cityops.embedded.TopicReader.readAll(
            kafka.bootstrapServers(), org.cityops.events.Topics.DETECTIONS, Duration.ofSeconds(10))
        .stream()
        .map(r -> org.cityops.events.EventJson.readIncident(r.value()))
        .filter(i -> i.type() == org.cityops.events.IncidentType.HEAVY_RAIN)
        .map(i -> i.incidentId() + "@" + i.version())
        .distinct()
        .count();
  }

  /** The malformed records the live job has counted so far, summed over its subtasks. */
  private static double malformedCounted() {
    double sum = 0;
    for (JsonNode series :
        query(
            "SELECT last(\"value\") FROM \"flink_metrics\" WHERE \"metric\" ="
                + " 'rejectedRecords' AND \"reason\" = 'malformed' GROUP BY \"subtask\"")) {
      sum += series.at("/values/0/1").asDouble();
    }
    return sum;
  }

  /** Metric panels read wall-clock points; the others read February 2019. */
  private static boolean live(String query) {
    return query.contains("flink_metrics");
  }

  /** The InfluxDB 1.x under test, as the jobs' store. */
  private static org.cityops.jobs.sinks.influx.InfluxTarget store() {
    return new org.cityops.jobs.sinks.influx.InfluxTarget(
        org.cityops.timeseries.StoreEndpoint.Api.V1,
        influx.url(),
        DATABASE,
        "cityops",
        null,
        5_000,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  /** Traffic panels read the simulated morning. */
  private static boolean traffic(String query) {
    return query.contains("FROM \"traffic\"") || query.contains("'traffic_incident'");
  }

  // A simulated morning on the grid city: 06:00 to 10:00 in Rio, the rush hour, with accidents
  private static final Instant TRAFFIC_FROM = Instant.parse("2026-03-02T09:00:00Z");
  private static final TrafficScenario MORNING =
      new TrafficScenario(
          11,
          TRAFFIC_FROM,
          Duration.ofHours(4),
          Duration.ofSeconds(30),
          24,
          0,
          0,
          0.002,
          TrafficScenario.RIO,
          0.01,
          24);
  private static TrafficEvaluation.Score traffic;
  private static final List<Incident> trafficIncidents = new ArrayList<>();

  /**
   * The traffic job over the simulated morning, its levels and (through the lifecycle) its
   * incidents into the store, with the production store wiring.
   */
  private static void fillTrafficFromASimulatedMorning() throws Exception {
    org.apache.flink.configuration.Configuration c =
        new org.apache.flink.configuration.Configuration();
    c.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.PipelineDefaults.applyTo(c); // as the jobs run
    var env =
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
            .createLocalEnvironment(2, c);
    traffic =
        TrafficEvaluation.run(
            env,
            SyntheticTraffic.standard(),
            MORNING,
            TrafficConfig.from(new Settings(Map.of())),
            store(),
            trafficIncidents);
    System.out.println("traffic morning into InfluxDB 1.x: " + traffic.summary());
  }

  /** Health panels read the simulated season. */
  private static boolean health(String query) {
    return query.contains("\"health_") || query.contains("'disease_hotspot'");
  }

  // 200 days of dengue on Rio's neighbourhoods, from 1 January 2023, with its outbreaks
  private static final java.time.LocalDate HEALTH_START = java.time.LocalDate.parse("2023-01-01");
  private static final int HEALTH_DAYS = 200;
  private static final Instant HEALTH_FROM = Instant.parse("2022-12-31T00:00:00Z");
  private static final Instant HEALTH_TO = Instant.parse("2023-09-01T00:00:00Z");
  private static org.cityops.jobs.health.HealthAreas healthAreas;
  private static org.cityops.backtest.health.HealthEvaluation.Score health;
  private static final List<Incident> hotspots = new ArrayList<>();

  /**
   * The health job over a simulated season, its weeks, days and scans and (through the lifecycle)
   * its hotspots into the store, with the production store wiring.
   */
  private static void fillHealthFromASimulatedSeason() throws Exception {
    var rio =
        org.cityops.geo.GeoJsonZones.read(
            SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome");
    healthAreas =
        org.cityops.jobs.health.HealthAreas.of(
            rio,
            30,
            org.cityops.ingestion.simulator.health.DengueSimulation.populations(
                rio.zones().stream().map(z -> z.id()).toList(), 7));
    double peak = org.cityops.ingestion.simulator.health.DengueModel.standard().peakWeeklyPer100k();
    org.apache.flink.configuration.Configuration c =
        new org.apache.flink.configuration.Configuration();
    c.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.PipelineDefaults.applyTo(c); // as the jobs run
    health =
        org.cityops.backtest.health.HealthEvaluation.run(
            org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                .createLocalEnvironment(2, c),
            season(),
            healthAreas,
            org.cityops.jobs.health.HealthConfig.from(
                new Settings(
                    Map.of(
                        "health.scan.replicas", "99",
                        "health.levels.pre-epidemic-per-100k", String.valueOf(1.5 * peak),
                        "health.levels.epidemic-per-100k", String.valueOf(3 * peak)))),
            store(),
            hotspots);
    System.out.printf(
        "health season into InfluxDB 1.x: %d cases, %d outbreaks, %d hotspots%n",
        health.cases(), health.outbreaks().size(), health.hotspots());
  }

  /** The simulated season the health panels read. */
  private static org.cityops.ingestion.simulator.health.DengueScenario season() {
    return new org.cityops.ingestion.simulator.health.DengueScenario(
        healthAreas.adjacency(),
        healthAreas.populations(),
        org.cityops.ingestion.simulator.health.DengueModel.standard(),
        HEALTH_START,
        HEALTH_DAYS,
        "America/Sao_Paulo",
        7);
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
  }

  private static JsonNode query(String influxQl) {
    try {
      JsonNode answer = Dashboards.JSON.readTree(influx.query(DATABASE, influxQl));
      JsonNode first = answer.path("results").path(0);
      assertThat(first.has("error"))
          .as("InfluxDB refused %s: %s", influxQl, first.path("error").asText())
          .isFalse();
      return first.path("series");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Every value of each variable, from the variable's own query (as "All" selects). */
  private static Map<String, List<String>> allValues(Dashboard d) {
    Map<String, List<String>> values = new HashMap<>();
    for (JsonNode v : d.variables()) {
      List<String> found = new ArrayList<>();
      query(v.path("query").asText())
          .forEach(s -> s.path("values").forEach(row -> found.add(row.get(1).asText())));
      assertThat(found).as("values of $%s in %s", v.path("name").asText(), d).isNotEmpty();
      values.put(v.path("name").asText(), found);
    }
    return values;
  }

  private static JsonNode panelQuery(
      Dashboard d,
      String title,
      String refId,
      Instant from,
      Instant to,
      Duration interval,
      Map<String, List<String>> vars) {
    for (JsonNode t : d.panel(title).path("targets")) {
      if (t.path("refId").asText().equals(refId)) {
        return query(InfluxQlMacros.expand(t.path("query").asText(), from, to, interval, vars));
      }
    }
    throw new AssertionError(title + " has no target " + refId);
  }

  /** tag value → the rows of its series, each row column name → value. */
  private static Map<String, List<Map<String, JsonNode>>> rowsByTag(JsonNode series, String tag) {
    Map<String, List<Map<String, JsonNode>>> out = new TreeMap<>();
    for (JsonNode s : series) {
      List<String> columns = new ArrayList<>();
      s.path("columns").forEach(c -> columns.add(c.asText()));
      for (JsonNode row : s.path("values")) {
        Map<String, JsonNode> cells = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          cells.put(columns.get(i), row.get(i));
        }
        out.computeIfAbsent(s.path("tags").path(tag).asText(), k -> new ArrayList<>()).add(cells);
      }
    }
    return out;
  }

  @Test
  void everyPanelOfEveryDashboardAnswersOverTheMonth() {
    int targets = 0;
    for (Dashboard d : Dashboards.all()) {
      Map<String, List<String>> vars = allValues(d);
      for (JsonNode p : d.panels()) {
        int values = 0;
        int series = 0;
        for (JsonNode t : p.path("targets")) {
          String q = t.path("query").asText();
          String expanded =
              q.contains("bridge_metrics")
                  ? InfluxQlMacros.expand(q, bridgeFrom, bridgeTo, Duration.ofSeconds(1), vars)
                  : live(q)
                      ? InfluxQlMacros.expand(
                          q, liveFrom, Instant.now().plusSeconds(60), Duration.ofMinutes(1), vars)
                      : health(q)
                          ? InfluxQlMacros.expand(
                              q, HEALTH_FROM, HEALTH_TO, Duration.ofDays(1), vars)
                          : traffic(q)
                              ? InfluxQlMacros.expand(
                                  q,
                                  TRAFFIC_FROM,
                                  TRAFFIC_FROM.plus(MORNING.duration()),
                                  Duration.ofMinutes(5),
                                  vars)
                              : InfluxQlMacros.expand(
                                  q, MONTH_FROM, MONTH_TO, Duration.ofHours(1), vars);
          for (JsonNode s : query(expanded)) {
            series++;
            values += s.path("values").size();
          }
          targets++;
        }
        System.out.printf(
            "  %-22s %-34s %3d series %6d values%n", d, p.path("title").asText(), series, values);
        assertThat(values).as("%s panel '%s' shows data", d, p.path("title").asText()).isPositive();
      }
    }
    assertThat(targets).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theHealthPanelsShowEachWeeksCasesAsCountedOnceAndTheHotspotsTheLifecycleLeft() {
    var outbreak = health.outbreaks().get(0).outbreak();
    String neighbourhood = outbreak.neighbourhoods().get(0);
    java.time.ZoneId rio = java.time.ZoneId.of("America/Sao_Paulo");
    java.time.LocalDate week = org.cityops.jobs.health.EpiWeeks.start(outbreak.start().plusDays(7));
    // the simulation again: each notification's last word, counted if it still counts
    var again = season().simulate();
    Map<String, org.cityops.events.CaseNotification> last = new HashMap<>();
    again.notifications().forEach(n -> last.put(n.notificationId(), n));
    long expected =
        last.values().stream()
            .filter(n -> n.counts() && n.neighbourhood().equals(neighbourhood))
            .filter(
                n ->
                    !n.symptomsOnset().isBefore(week)
                        && n.symptomsOnset().isBefore(week.plusDays(7)))
            .count();
    Dashboard d = Dashboards.byUid("cityops-health");
    Instant from = week.atStartOfDay(rio).toInstant();
    JsonNode series =
        panelQuery(
            d,
            "Cases per week",
            "A",
            from,
            from.plus(Duration.ofDays(7)).minusSeconds(1),
            Duration.ofDays(1),
            Map.of("neighbourhood", List.of(neighbourhood), "disease", List.of("dengue")));
    assertThat(series).hasSize(1);
    assertThat(series.at("/0/values/0/1").asLong())
        .as("cases in week %s", week)
        .isEqualTo(expected);
    System.out.printf(
        "health: %s had %d cases in the week of %s (outbreak %s)%n",
        neighbourhood, expected, week, outbreak);
    // the hotspot table: every hotspot the lifecycle issued, as it last stood
    Map<String, Incident> lastVersion = new HashMap<>();
    hotspots.stream()
        .filter(i -> i.type() == org.cityops.events.IncidentType.DISEASE_HOTSPOT)
        .forEach(
            i -> lastVersion.merge(i.incidentId(), i, (a, b) -> b.version() > a.version() ? b : a));
    assertThat(lastVersion).isNotEmpty();
    Map<String, List<Map<String, JsonNode>>> table =
        rowsByTag(
            panelQuery(
                d, "Disease hotspots", "A", HEALTH_FROM, HEALTH_TO, Duration.ofDays(1), Map.of()),
            "incident_id");
    assertThat(table.keySet()).isEqualTo(lastVersion.keySet());
    lastVersion.forEach(
        (id, i) ->
            assertThat(table.get(id).get(0).get("version").asLong()).as(id).isEqualTo(i.version()));
  }

  @Test
  void theTrafficSpeedPanelShowsTheSpeedsTheDetectorsSent() {
    // the simulator again, on its own: what detector loop-100-1-2 sent from 07:30 to 07:31
    RoadNetwork city = SyntheticTraffic.standard().network();
    TrafficSimulation again =
        new TrafficSimulation(city, SyntheticTraffic.standard().layout(city), MORNING);
    Instant bucket = Instant.parse("2026-03-02T10:30:00Z");
    List<Double> speeds = new ArrayList<>();
    again.run(
        r -> {
          if (r.sensorId().equals("loop-100-1-2")
              && !r.time().isBefore(bucket)
              && r.time().isBefore(bucket.plusSeconds(60))
              && r.speedKmh() != null) {
            speeds.add(r.speedKmh());
          }
        });
    assertThat(speeds).isNotEmpty();
    Dashboard d = Dashboards.byUid("cityops-traffic");
    JsonNode series =
        panelQuery(
            d,
            "Speed per detector",
            "A",
            bucket,
            bucket.plusSeconds(59),
            Duration.ofMinutes(1),
            Map.of("detector", List.of("loop-100-1-2")));
    assertThat(series).hasSize(1);
    assertThat(series.at("/0/values/0/1").asDouble())
        .isCloseTo(
            speeds.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-6));
  }

  @Test
  void theTrafficPanelsShowTheQueuesOfTheAccidentsAndTheIncidentsTheLifecycleLeft() {
    Dashboard d = Dashboards.byUid("cityops-traffic");
    Map<String, List<String>> vars = allValues(d);
    var queued = traffic.queueing();
    assertThat(queued).as("the morning must hold an accident with a queue").isNotEmpty();
    for (var accident : queued) {
      double congested = 0;
      for (JsonNode s :
          panelQuery(
              d,
              "Detectors congested or stopped",
              "A",
              accident.start(),
              accident.end(),
              Duration.ofMinutes(1),
              vars)) {
        for (JsonNode row : s.path("values")) {
          congested += row.get(1).asDouble();
        }
      }
      assertThat(congested).as("congested readings during %s", accident).isPositive();
    }
    // the table: every traffic incident and congestion the lifecycle issued, as it last stood
    Map<String, Incident> last = new TreeMap<>();
    trafficIncidents.stream()
        .filter(
            i ->
                i.type() == org.cityops.events.IncidentType.TRAFFIC_INCIDENT
                    || i.type() == org.cityops.events.IncidentType.CONGESTION)
        .forEach(i -> last.merge(i.incidentId(), i, (a, b) -> a.version() > b.version() ? a : b));
    assertThat(last).isNotEmpty();
    Map<String, Double> shown = new TreeMap<>();
    for (JsonNode s :
        panelQuery(
            d,
            "Traffic incidents and congestion",
            "A",
            TRAFFIC_FROM,
            TRAFFIC_FROM.plus(MORNING.duration()).plus(Duration.ofHours(2)),
            Duration.ofMinutes(5),
            vars)) {
      List<String> columns = new ArrayList<>();
      s.path("columns").forEach(col -> columns.add(col.asText()));
      shown.put(
          s.path("tags").path("incident_id").asText(),
          s.at("/values/0/" + columns.indexOf("active")).asDouble());
    }
    assertThat(shown.keySet()).isEqualTo(last.keySet());
    last.forEach(
        (id, i) -> assertThat(shown.get(id)).as(id).isEqualTo(i.status().isActive() ? 1.0 : 0.0));
  }

  @Test
  void theRainTableShowsBarrinhasLargestHourOn6FebruaryAsAlertaRioPublished() {
    double officialMax =
        official.stream()
            .filter(r -> r.station().equals("barrinha") && r.mm1h() != null)
            .filter(r -> !r.time().isBefore(DAY_FROM) && !r.time().isAfter(DAY_TO))
            .mapToDouble(AlertaRioRow::mm1h)
            .max()
            .orElseThrow();
    assertThat(officialMax).isEqualTo(91.2);
    Dashboard rain = Dashboards.byUid("cityops-rain");
    Map<String, List<Map<String, JsonNode>>> table =
        rowsByTag(
            panelQuery(
                rain,
                "Largest sums per gauge",
                "A",
                DAY_FROM,
                DAY_TO,
                Duration.ofMinutes(15),
                allValues(rain)),
            "gauge_id");
    assertThat(table).hasSize(33);
    assertThat(table.get("barrinha").get(0).get("max 1 h").asDouble())
        .isCloseTo(officialMax, within(0.05));
  }

  @Test
  void theHourPanelFollowsAlertaRiosOfficialColumnSlotBySlot() {
    Dashboard rain = Dashboards.byUid("cityops-rain");
    Map<String, List<String>> vars = new HashMap<>(allValues(rain));
    vars.put("gauge", List.of("barrinha"));
    Map<Instant, Double> panel = new TreeMap<>();
    rowsByTag(
            panelQuery(
                rain, "Rain in 1 h per gauge", "A", DAY_FROM, DAY_TO, Duration.ofMinutes(15), vars),
            "gauge_id")
        .get("barrinha")
        .forEach(
            row -> {
              if (!row.get("max").isNull()) {
                panel.put(
                    Instant.ofEpochMilli(row.get("time").asLong()), row.get("max").asDouble());
              }
            });
    Map<Instant, AlertaRioRow> barrinha =
        official.stream()
            .filter(r -> r.station().equals("barrinha"))
            .collect(Collectors.toMap(AlertaRioRow::time, r -> r, (a, b) -> a));
    int compared = 0;
    for (AlertaRioRow row : barrinha.values()) {
      if (row.time().isBefore(DAY_FROM) || row.time().isAfter(DAY_TO) || row.mm1h() == null) {
        continue;
      }
      boolean hourComplete = true;
      for (int back = 0; back < 4; back++) {
        AlertaRioRow earlier = barrinha.get(row.time().minus(Duration.ofMinutes(15L * back)));
        hourComplete &= earlier != null && earlier.mm15() != null;
      }
      if (hourComplete) {
        assertThat(panel.get(row.time()))
            .as("1 h sum at %s", row.time())
            .isNotNull()
            .isCloseTo(row.mm1h(), within(0.1));
        compared++;
      }
    }
    System.out.printf("1 h panel against the official column: %d slots of 6 February%n", compared);
    assertThat(compared).isGreaterThan(90);
  }

  @Test
  void theLandslidePanelShowsEachZonesHighestLevelOfTheStorm() {
    Dashboard rain = Dashboards.byUid("cityops-rain");
    Map<String, Integer> expected = new TreeMap<>();
    for (ZoneRisk z : result.zoneRisks()) {
      if (!z.at().isBefore(DAY_FROM) && !z.at().isAfter(DAY_TO)) {
        expected.merge(z.zoneName(), z.level().ordinal(), Math::max);
      }
    }
    Map<String, Integer> shown = new TreeMap<>();
    rowsByTag(
            panelQuery(
                rain,
                "Landslide level per zone",
                "A",
                DAY_FROM,
                DAY_TO,
                Duration.ofMinutes(15),
                allValues(rain)),
            "zone")
        .forEach(
            (zone, rows) ->
                rows.stream()
                    .map(r -> r.get("last"))
                    .filter(v -> !v.isNull())
                    .forEach(v -> shown.merge(zone, v.asInt(), Math::max)));
    assertThat(shown).isEqualTo(expected);
    assertThat(expected).containsValue(3); // very high somewhere on the night of 6 February
  }

  @Test
  void theRulePanelCountsTheIncidentsEachRuleVersionOpened() {
    Map<String, Long> expected =
        result.incidents().stream()
            .filter(i -> i.version() == 1)
            .collect(
                Collectors.groupingBy(
                    i ->
                        i.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " "
                            + org.cityops.jobs.rain.RuleVersions.judgedBy(i).orElse("none"),
                    TreeMap::new,
                    Collectors.counting()));
    Dashboard rain = Dashboards.byUid("cityops-rain");
    Map<String, Long> shown = new TreeMap<>();
    for (JsonNode series :
        panelQuery(
            rain,
            "Incidents opened per rule version",
            "A",
            MONTH_FROM,
            MONTH_TO,
            Duration.ofHours(1),
            allValues(rain))) {
      shown.put(
          series.path("tags").path("type").asText()
              + " "
              + series.path("tags").path("rule").asText(),
          series.path("values").get(0).get(1).asLong());
    }
    System.out.printf("incidents opened per rule version, February 2019: %s%n", shown);
    assertThat(shown).isEqualTo(expected);
    // the job ran on its settings: every rule-driven detector's incidents name version 0, and
    // gauge health, which has no versioned rule, none
    assertThat(shown)
        .containsKeys(
            "heavy_rain heavy-rain v0",
            "landslide_risk landslide-risk v0",
            "sensor_maintenance none");
  }

  @Test
  void theOverviewCountsTheActiveIncidentsTheJobLeftOpen() {
    Map<String, Incident> latest = new HashMap<>();
    for (Incident i : result.incidents()) {
      latest.merge(i.incidentId(), i, (a, b) -> a.version() >= b.version() ? a : b);
    }
    Map<String, Long> activeByKind =
        latest.values().stream()
            .filter(i -> i.status().isActive())
            .collect(
                Collectors.groupingBy(
                    i -> i.type().name().toLowerCase(java.util.Locale.ROOT),
                    TreeMap::new,
                    Collectors.counting()));
    Dashboard overview = Dashboards.byUid("cityops-overview");
    Map<String, List<String>> vars = allValues(overview);
    Map<String, Long> shown = new TreeMap<>();
    rowsByTag(
            panelQuery(
                overview,
                "Active incidents by kind",
                "A",
                MONTH_FROM,
                MONTH_TO,
                Duration.ofHours(1),
                vars),
            "type")
        .forEach(
            (kind, rows) -> {
              long n = rows.get(0).get("active").asLong();
              if (n > 0) {
                shown.put(kind, n);
              }
            });
    assertThat(shown).isEqualTo(activeByKind);

    long total =
        rowsByTag(
                panelQuery(
                    overview,
                    "Active incidents",
                    "A",
                    MONTH_FROM,
                    MONTH_TO,
                    Duration.ofHours(1),
                    vars),
                "")
            .values()
            .stream()
            .flatMap(List::stream)
            .mapToLong(r -> r.get("active").asLong())
            .sum();
    assertThat(total).isEqualTo(activeByKind.values().stream().mapToLong(Long::longValue).sum());
    System.out.printf("active at the end of February 2019, by kind: %s%n", activeByKind);
  }

  @Test
  void theOverviewShowsTheStageTheJobPublished() {
    Dashboard overview = Dashboards.byUid("cityops-overview");
    Map<String, List<String>> vars = allValues(overview);
    int expectedAtEnd =
        result.stages().stream()
            .filter(c -> !c.since().isAfter(DAY_TO))
            .reduce((a, b) -> b)
            .orElseThrow()
            .stage();
    long shown =
        rowsByTag(
                panelQuery(
                    overview, "City stage", "A", DAY_FROM, DAY_TO, Duration.ofMinutes(15), vars),
                "")
            .values()
            .stream()
            .flatMap(List::stream)
            .mapToLong(r -> r.get("stage").asLong())
            .findFirst()
            .orElseThrow();
    assertThat(shown).isEqualTo(expectedAtEnd);
    int highest =
        result.stages().stream()
            .filter(c -> !c.since().isBefore(DAY_FROM) && !c.since().isAfter(DAY_TO))
            .mapToInt(org.cityops.events.CityStage::stage)
            .max()
            .orElseThrow();
    long timelineMax =
        rowsByTag(
                panelQuery(
                    overview,
                    "City stage over time",
                    "A",
                    DAY_FROM,
                    DAY_TO,
                    Duration.ofMinutes(15),
                    vars),
                "")
            .values()
            .stream()
            .flatMap(List::stream)
            .filter(r -> !r.get("last").isNull())
            .mapToLong(r -> r.get("last").asLong())
            .max()
            .orElseThrow();
    assertThat(timelineMax).isEqualTo(highest);
    System.out.printf(
        "stage on 6 February: highest %d, at the end of the day %d%n", highest, expectedAtEnd);
  }

  @Test
  void thePipelineShowsTheKafkaLagAndTheCheckpointsOfTheLiveJob() {
    Dashboard pipeline = Dashboards.byUid("cityops-pipeline");
    Instant to = Instant.now().plusSeconds(60);
    JsonNode lag =
        panelQuery(
            pipeline,
            "Kafka lag: records not yet read",
            "A",
            liveFrom,
            to,
            Duration.ofMinutes(1),
            Map.of());
    assertThat(rowsByTag(lag, "task")).containsKey("Source: city.readings");
    JsonNode completed =
        panelQuery(
            pipeline, "Checkpoint duration", "B", liveFrom, to, Duration.ofMinutes(1), Map.of());
    double most =
        rowsByTag(completed, "job").getOrDefault("dashboards-live", List.of()).stream()
            .filter(r -> !r.get("max").isNull())
            .mapToDouble(r -> r.get("max").asDouble())
            .max()
            .orElse(0);
    assertThat(most).as("completed checkpoints of the live job").isGreaterThanOrEqualTo(1);
    JsonNode rejected =
        panelQuery(
            pipeline,
            "Rejected by the jobs, by reason",
            "A",
            liveFrom,
            to,
            Duration.ofMinutes(1),
            Map.of());
    double malformed =
        rowsByTag(rejected, "reason").getOrDefault("malformed", List.of()).stream()
            .filter(r -> !r.get("sum").isNull())
            .mapToDouble(r -> r.get("sum").asDouble())
            .max()
            .orElse(0);
    assertThat(malformed).as("malformed records counted by the rain job").isEqualTo(MALFORMED_LIVE);
    JsonNode latency =
        panelQuery(
            pipeline,
            "Detection latency: reading to incident",
            "A",
            liveFrom,
            to,
            Duration.ofMinutes(1),
            Map.of());
    Map<String, List<Map<String, JsonNode>>> byDetector = rowsByTag(latency, "detector");
    assertThat(byDetector).containsKey("heavy_rain");
    assertThat(
            byDetector.get("heavy_rain").stream()
                .filter(r -> !r.get("max").isNull())
                .mapToDouble(r -> r.get("max").asDouble()))
        .isNotEmpty()
        .allMatch(ms -> ms >= 0 && ms < Duration.ofHours(6).toMillis());
  }

  @Test
  void thePipelineShowsWhatTheBridgeRefusedByReasonAndEveryMessageItReceived() {
    Dashboard pipeline = Dashboards.byUid("cityops-pipeline");
    JsonNode refused =
        panelQuery(
            pipeline,
            "Refused by the bridge, by reason",
            "A",
            bridgeFrom,
            bridgeTo,
            Duration.ofSeconds(1),
            Map.of());
    Map<String, Double> highest = new TreeMap<>();
    rowsByTag(refused, "reason")
        .forEach(
            (reason, rows) ->
                highest.put(
                    reason,
                    rows.stream()
                        .filter(r -> !r.get("sum").isNull())
                        .mapToDouble(r -> r.get("sum").asDouble())
                        .max()
                        .orElse(0)));
    assertThat(highest)
        .isEqualTo(
            Map.of(
                "malformed",
                (double) BRIDGE_MALFORMED,
                "out_of_range",
                (double) BRIDGE_OUT_OF_RANGE));

    // the rates, times the time between their points, add up to the messages themselves
    JsonNode rates =
        panelQuery(
            pipeline,
            "MQTT messages through the bridge, per second",
            "A",
            bridgeFrom,
            bridgeTo,
            Duration.ofSeconds(1),
            Map.of());
    Map<String, Long> messages = new TreeMap<>();
    rowsByTag(rates, "metric")
        .forEach(
            (metric, rows) -> {
              double total = 0;
              // the first point's rate is over the interval before it
              Instant previous =
                  Instant.ofEpochMilli(rows.get(0).get("time").asLong()).minusSeconds(1);
              for (Map<String, JsonNode> row : rows) {
                Instant time = Instant.ofEpochMilli(row.get("time").asLong());
                double seconds = Duration.between(previous, time).toMillis() / 1000.0;
                total += row.get("non_negative_derivative").asDouble() * seconds;
                previous = time;
              }
              messages.put(metric, Math.round(total));
            });
    System.out.println("bridge messages integrated from the rate panel: " + messages);
    assertThat(messages)
        .containsEntry(
            "received", (long) (BRIDGE_READINGS + BRIDGE_MALFORMED + BRIDGE_OUT_OF_RANGE))
        .containsEntry("readings", (long) BRIDGE_READINGS)
        .containsEntry("rejected", (long) (BRIDGE_MALFORMED + BRIDGE_OUT_OF_RANGE));
  }

  @Test
  void thePipelineCountsEachDetectorsIncidentVersionsAsTheJobWroteThem() {
    JsonNode versions =
        panelQuery(
            Dashboards.byUid("cityops-pipeline"),
            "Detectors: incident versions issued, per detector",
            "A",
            liveFrom,
            Instant.now().plusSeconds(60),
            Duration.ofMinutes(1),
            Map.of());
    double heavyRain =
        rowsByTag(versions, "detector").getOrDefault("heavy_rain", List.of()).stream()
            .filter(r -> !r.get("sum").isNull())
            .mapToDouble(r -> r.get("sum").asDouble())
            .max()
            .orElse(0);
    System.out.printf(
        "heavy-rain versions: %.0f on the panel, %d on city.detections%n",
        heavyRain, liveHeavyRainVersions);
    assertThat(liveHeavyRainVersions).isPositive();
    assertThat(heavyRain).isEqualTo((double) liveHeavyRainVersions);
    // what each detector judged: both rain-level detectors see every hourly sum the job made
    long heavySignals = counted("signals", "heavy_rain");
    System.out.printf(
        "signals: heavy rain %d, siren level %d, gauge health %d%n",
        heavySignals, counted("signals", "siren_level"), counted("signals", "gauge_health"));
    assertThat(heavySignals).isPositive().isEqualTo(counted("signals", "siren_level"));
    assertThat(counted("signals", "gauge_health")).isPositive();
  }

  /** The last value of a detector's counter, summed over the live job's subtasks. */
  private static long counted(String metric, String detector) {
    long sum = 0;
    for (JsonNode series :
        query(
            "SELECT last(\"value\") FROM \"flink_metrics\" WHERE \"metric\" = '"
                + metric
                + "' AND \"detector\" = '"
                + detector
                + "' GROUP BY \"subtask\"")) {
      sum += series.at("/values/0/1").asLong();
    }
    return sum;
  }

  @Test
  void thePipelineCountsEveryReadingTheJobStored() {
    Dashboard pipeline = Dashboards.byUid("cityops-pipeline");
    long stored =
        rowsByTag(
                panelQuery(
                    pipeline,
                    "Readings stored, by kind",
                    "A",
                    MONTH_FROM,
                    MONTH_TO,
                    Duration.ofHours(1),
                    Map.of()),
                "kind")
            .get("rain_gauge")
            .stream()
            .mapToLong(r -> r.get("count").asLong())
            .sum();
    assertThat(stored).isEqualTo(readings.size());
    long gaugesAtPeak =
        rowsByTag(
                panelQuery(
                    pipeline,
                    "Gauges reporting",
                    "A",
                    DAY_FROM,
                    DAY_TO,
                    Duration.ofHours(1),
                    Map.of()),
                "")
            .values()
            .stream()
            .flatMap(List::stream)
            .mapToLong(r -> r.get("gauges").asLong())
            .max()
            .orElseThrow();
    assertThat(gaugesAtPeak).isEqualTo(33);
    assertThat(readings.stream().map(Reading::sensorId).distinct().count()).isEqualTo(33);
    assertThat(result.incidents()).isSortedAccordingTo(Comparator.comparing(Incident::updatedAt));
  }
}
