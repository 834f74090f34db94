package org.cityops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.CitySimulator;
import org.cityops.ingestion.simulator.GroundTruth;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.ingestion.simulator.Scenario;
import org.cityops.ingestion.simulator.SyntheticCity;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import org.junit.jupiter.api.Test;

/**
 * MQTT to time-series store, every part real: HiveMQ CE, the bridge, Kafka (KRaft), the rain job on
 * a Flink MiniCluster at parallelism 2, QuestDB. A storm with faulty messages goes in over MQTT;
 * the test checks what each stage holds against the simulator's ground truth.
 */
class EndToEndTest {
  private static final Duration STORM = Duration.ofHours(3);

  /** A small grid for the traffic job: 16 detectors in 8 pairs, so the test stays quick. */
  private static final SyntheticTraffic ROADS = new SyntheticTraffic(2, 2, 600, 2, 3, 0.4, 1_000);

  @Test
  void stormOverMqttBecomesReadingsRejectionsIncidentsAndStoredValues() throws Exception {
    Path dir = org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-e2e-");
    LocalOptions options =
        new LocalOptions(dir, null, null, null, false, Duration.ofSeconds(2), 2, -1, ROADS);
    try (LocalStack stack = LocalStack.start(options)) {
      Instant end = Instant.now().minus(Duration.ofMinutes(20));
      // one commuter along each road of the small grid, each way, at any hour; the storm (played
      // as fast as it goes) waits until the alerts job has taken them in, or a closure could come
      // and go before the commuters are known
      subscribeCommuters(stack.kafkaBootstrap(), end.minus(STORM));
      awaitCommuted(stack.kafkaBootstrap());
      GroundTruth truth;
      int ticks = 10;
      try (MqttSink sink = new MqttSink(stack.mqttUri(), "e2e-sim")) {
        truth =
            new CitySimulator(SyntheticCity.generate(16, 5), Clock.systemUTC())
                .run(
                    new CitySimulator.Options(
                            Scenario.STORM,
                            end.minus(STORM),
                            STORM,
                            Duration.ofMinutes(5),
                            30,
                            0,
                            true)
                        // a road closure (all lanes shut) builds a queue at any hour of the day
                        // (and no false reports: they would reroute commuters at random)
                        .withTraffic(ROADS, 0, 8, 0, 7),
                    sink,
                    (t, n) -> {});
        // and a traffic reading from a detector the traffic job does not know
        sink.publish(
            SensorTopic.of(SensorKind.TRAFFIC_LOOP, "loop-nowhere"),
            EventJson.write(
                Reading.trafficLoop(
                    "loop-nowhere", end, new GeoPoint(-22.9, -43.3), 40.0, 10.0, 12.0)));
        // Later, dry readings on every partition move event time past the storm's last hour.
        for (int i = 0; i < ticks; i++) {
          sink.publish(
              SensorTopic.of(SensorKind.RAIN_GAUGE, "tick-" + i),
              EventJson.write(
                  Reading.rain(
                      "tick-" + i,
                      end.plus(Duration.ofMinutes(15)),
                      new GeoPoint(-22.9, -43.3),
                      0)));
        }
        sink.awaitAcknowledged(60, TimeUnit.SECONDS);
      }
      long validSent = truth.validReadings() + ticks + 1;
      List<String> heavyGauges = truth.gaugesWithHourlyRainAtLeast(25.1);
      assertThat(heavyGauges).as("the storm must make heavy rain somewhere").isNotEmpty();
      String kafka = stack.kafkaBootstrap();

      // 1. every valid reading reached city.readings, none lost
      TopicReader.DistinctKeys valid =
          new TopicReader.DistinctKeys(r -> EventJson.readReading(r.value()).dedupKey(), validSent);
      List<ConsumerRecord<String, byte[]>> readings =
          TopicReader.readUntil(kafka, Topics.READINGS, valid, Duration.ofSeconds(60));
      Set<String> distinctReadings = valid.keysIn(readings);
      assertThat(distinctReadings).hasSize((int) validSent);

      // 2. every faulty message reached city.rejected with the reason it deserves
      List<Rejected> rejected =
          TopicReader.readUntil(
                  kafka,
                  Topics.REJECTED,
                  r ->
                      r.stream().filter(x -> x.key().startsWith("mqtt:")).count()
                          >= truth.faults().size(),
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> EventJson.readRejected(r.value()))
              .toList();
      List<RejectReason> bridgeReasons =
          rejected.stream()
              .filter(r -> r.source().startsWith("mqtt:"))
              .map(Rejected::reason)
              .sorted()
              .toList();
      assertThat(bridgeReasons)
          .isEqualTo(
              truth.faults().stream().map(GroundTruth.Fault::expectedReason).sorted().toList());

      // 3. a heavy-rain detection for exactly the gauges whose hourly rain reached 25.1 mm, and a
      // siren-level one for those that reached 40 mm (a 3 h storm cannot make 125 mm in 24 h here)
      List<String> sirenGauges = truth.gaugesWithHourlyRainAtLeast(40);
      List<ConsumerRecord<String, byte[]>> detectionRecords =
          TopicReader.readUntil(
              kafka,
              Topics.DETECTIONS,
              r ->
                  gaugesWithIncidents(r, IncidentType.HEAVY_RAIN).containsAll(heavyGauges)
                      && gaugesWithIncidents(r, IncidentType.SIREN_LEVEL).containsAll(sirenGauges),
              Duration.ofSeconds(90));
      assertThat(gaugesWithIncidents(detectionRecords, IncidentType.HEAVY_RAIN))
          .containsExactlyInAnyOrderElementsOf(heavyGauges);
      assertThat(gaugesWithIncidents(detectionRecords, IncidentType.SIREN_LEVEL))
          .containsExactlyInAnyOrderElementsOf(sirenGauges);

      // 3b. the alerts job fuses them into the incidents operators work: every gauge's detection
      // is in the evidence of one
      List<ConsumerRecord<String, byte[]>> incidentRecords =
          TopicReader.readUntil(
              kafka,
              Topics.INCIDENTS,
              r ->
                  gaugesInEvidence(r, IncidentType.HEAVY_RAIN).containsAll(heavyGauges)
                      && gaugesInEvidence(r, IncidentType.SIREN_LEVEL).containsAll(sirenGauges),
              Duration.ofSeconds(90));
      Map<String, Set<String>> heavyIncidents = new TreeMap<>();
      incidentRecords.stream()
          .map(r -> EventJson.readIncident(r.value()))
          .filter(i -> i.type() == IncidentType.HEAVY_RAIN)
          .forEach(
              i ->
                  i.evidence()
                      .forEach(
                          e ->
                              heavyIncidents
                                  .computeIfAbsent(e.sourceId(), g -> new TreeSet<>())
                                  .add(i.mergedInto() != null ? i.mergedInto() : i.incidentId())));
      assertThat(heavyIncidents.keySet()).containsAll(heavyGauges);
      Set<String> heavyIds = new TreeSet<>();
      heavyIncidents.values().forEach(heavyIds::addAll);
      // at-least-once: a version may come twice, but never with two different contents
      Map<String, String> byVersion = new TreeMap<>();
      incidentRecords.forEach(
          r -> {
            String json = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            String key = EventJson.readIncident(r.value()).dedupKey();
            assertThat(byVersion.putIfAbsent(key, json)).as(key).isIn(null, json);
          });
      // (the job also raises landslide, flood-risk and flooding incidents; the store check below
      // counts the rain ones, which the truth decides)
      Set<String> rainIncidents = new TreeSet<>();
      Set<String> incidentVersions =
          incidentRecords.stream()
              .map(r -> EventJson.readIncident(r.value()))
              .filter(
                  i -> i.type() == IncidentType.HEAVY_RAIN || i.type() == IncidentType.SIREN_LEVEL)
              .peek(i -> rainIncidents.add(i.incidentId()))
              .map(Incident::dedupKey)
              .collect(Collectors.toSet());

      // 4. the store holds the values sent: per gauge, the same number of readings and the same
      // rain
      Map<String, double[]> expected = new TreeMap<>();
      truth
          .rainByGauge()
          .forEach(
              (g, samples) ->
                  expected.put(
                      g,
                      new double[] {
                        samples.size(),
                        round(samples.stream().mapToDouble(GroundTruth.RainSample::rainMm).sum())
                      }));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                JsonNode rows =
                    EventJson.mapper()
                        .readTree(
                            exec(
                                stack,
                                "SELECT sensor_id, count(), sum(rain_mm) FROM readings "
                                    + "WHERE kind = 'rain_gauge' AND sensor_id LIKE 'gauge-%' ORDER BY sensor_id"))
                        .get("dataset");
                Map<String, double[]> stored = new TreeMap<>();
                rows.forEach(
                    row ->
                        stored.put(
                            row.get(0).asText(),
                            new double[] {row.get(1).asLong(), round(row.get(2).asDouble())}));
                assertThat(stored).usingRecursiveComparison().isEqualTo(expected);
              });
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                // the jobs go on (holds end, incidents clear): compare with what Kafka holds now
                Set<String> ids = new TreeSet<>();
                Set<String> versions = new TreeSet<>();
                TopicReader.readAll(kafka, Topics.INCIDENTS, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.readIncident(r.value()))
                    .filter(
                        i ->
                            i.type() == IncidentType.HEAVY_RAIN
                                || i.type() == IncidentType.SIREN_LEVEL)
                    .forEach(
                        i -> {
                          ids.add(i.incidentId());
                          versions.add(i.dedupKey());
                        });
                JsonNode row =
                    EventJson.mapper()
                        .readTree(
                            exec(
                                stack,
                                "SELECT count_distinct(incident_id), count() FROM incidents"
                                    + " WHERE type IN ('heavy_rain', 'siren_level')"))
                        .at("/dataset/0");
                assertThat(row.get(0).asLong()).isEqualTo(ids.size());
                assertThat(row.get(1).asLong()).isEqualTo(versions.size());
                assertThat(versions).containsAll(incidentVersions);
              });

      // 5. the traffic job: the closure becomes a traffic incident between the detectors around
      // it, which the alerts job turns into one the operators work; the stranger is refused
      List<org.cityops.ingestion.simulator.traffic.TrafficEvent> closures =
          truth.trafficEvents().stream()
              .filter(
                  e ->
                      e.kind() == org.cityops.ingestion.simulator.traffic.TrafficEvent.Kind.CLOSURE)
              .toList();
      assertThat(closures).hasSize(1);
      var closure = closures.get(0);
      String closedPair = closure.upstream() + ">" + closure.downstream();
      List<ConsumerRecord<String, byte[]>> trafficDetections =
          TopicReader.readUntil(
              kafka,
              Topics.DETECTIONS,
              r ->
                  r.stream()
                      .map(x -> EventJson.readIncident(x.value()))
                      .anyMatch(
                          i -> i.type() == IncidentType.TRAFFIC_INCIDENT && names(i, closedPair)),
              Duration.ofSeconds(90));
      Incident trafficDetection =
          trafficDetections.stream()
              .map(x -> EventJson.readIncident(x.value()))
              .filter(i -> i.type() == IncidentType.TRAFFIC_INCIDENT && i.version() == 1)
              .filter(i -> names(i, closedPair))
              .findFirst()
              .orElseThrow();
      assertThat(trafficDetection.updatedAt()).isBetween(closure.start(), closure.end());
      java.util.function.Predicate<Incident> aboutTheClosure =
          i ->
              i.type() == IncidentType.TRAFFIC_INCIDENT
                  && i.evidence().stream().anyMatch(e -> closure.upstream().equals(e.sourceId()));
      assertThat(
              TopicReader.readUntil(
                  kafka,
                  Topics.INCIDENTS,
                  r ->
                      r.stream()
                          .map(x -> EventJson.readIncident(x.value()))
                          .anyMatch(aboutTheClosure),
                  Duration.ofSeconds(60)))
          .map(x -> EventJson.readIncident(x.value()))
          .anyMatch(aboutTheClosure);
      assertThat(
              TopicReader.readUntil(
                  kafka,
                  Topics.REJECTED,
                  r -> r.stream().anyMatch(x -> x.key().equals("city.readings:loop-nowhere")),
                  Duration.ofSeconds(30)))
          .map(r -> EventJson.readRejected(r.value()))
          .filteredOn(r -> r.source().equals("city.readings:loop-nowhere"))
          .extracting(Rejected::reason)
          .containsExactly(RejectReason.UNKNOWN_SENSOR);

      // 6. the commuter whose road the closure shut gets the way around it; commuters on other
      // roads nothing (residents' reports of the closure, which cannot tell the direction, may
      // also reroute the commuter going the other way on the same road)
      String closedRoad = closure.segmentId().split(":")[0];
      List<org.cityops.events.RouteAdvice> advice =
          TopicReader.readUntil(
                  kafka,
                  Topics.ROUTE_ADVICE,
                  // the closure's own advice: the queue before it may first be advised as SLOW
                  r ->
                      r.stream()
                          .map(x -> EventJson.readRouteAdvice(x.value()))
                          .anyMatch(
                              a ->
                                  a.reason() == org.cityops.events.RouteAdvice.Reason.BLOCKED
                                      && a.avoided().contains(closure.segmentId())),
                  // the last link of a long chain (simulator, bridge, traffic job, lifecycle,
                  // route advice); on a loaded 2-core machine it once took longer than a minute
                  Duration.ofSeconds(120))
              .stream()
              .map(r -> EventJson.readRouteAdvice(r.value()))
              .sorted(java.util.Comparator.comparing(org.cityops.events.RouteAdvice::at))
              .toList();
      // a SLOW advice for the queue may come first, with the same detour: the closure must still
      // be told (it once was not, when the detour had been told already)
      System.out.println(
          "end to end: route advice "
              + advice.stream()
                  .map(a -> a.residentId() + " " + a.reason() + " v" + a.incidentVersion())
                  .toList());
      List<org.cityops.events.RouteAdvice> blocked =
          advice.stream()
              .filter(a -> a.reason() == org.cityops.events.RouteAdvice.Reason.BLOCKED)
              .toList();
      assertThat(blocked)
          .allSatisfy(a -> assertThat(commuterRoads.get(a.residentId())).isEqualTo(closedRoad))
          .filteredOn(a -> a.avoided().contains(closure.segmentId()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.avoided()).allMatch(s -> s.startsWith(closedRoad + ":"));
                // around the block: the three other sides of the 600 m square
                assertThat(a.distanceM()).isBetween(1_700.0, 1_900.0);
              });

      System.out.printf(
          "end to end: sent %d valid readings (%d in Kafka, %d duplicates), %d faults (%d rejected by the bridge), "
              + "%d heavy-rain gauges in the truth, %d with a detection, fused into %d incidents; %d rain"
              + " incidents with %d versions (%d records); bridge: %s%n",
          validSent,
          distinctReadings.size(),
          readings.size() - distinctReadings.size(),
          truth.faults().size(),
          bridgeReasons.size(),
          heavyGauges.size(),
          gaugesWithIncidents(detectionRecords, IncidentType.HEAVY_RAIN).size(),
          heavyIds.size(),
          rainIncidents.size(),
          incidentVersions.size(),
          incidentRecords.size(),
          stack.bridge().metrics());
    }
  }

  /** Whether the incident's evidence names {@code source} (a detector pair, a detector). */
  private static boolean names(Incident i, String source) {
    return i.evidence().stream().anyMatch(e -> source.equals(e.sourceId()));
  }

  /** Until the alerts job's committed offsets on city.subscriptions cover every commuter. */
  private void awaitCommuted(String kafka) {
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka))) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  admin
                          .listConsumerGroupOffsets("cityops-alerts")
                          .partitionsToOffsetAndMetadata()
                          .get()
                          .entrySet()
                          .stream()
                          .filter(e -> e.getKey().topic().equals(Topics.SUBSCRIPTIONS))
                          .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset())
                          .sum()
                      >= commuterRoads.size());
    }
  }

  /** Resident id to the road (way id) its commute runs along. */
  private final Map<String, String> commuterRoads = new TreeMap<>();

  private void subscribeCommuters(String kafka, Instant at) throws Exception {
    org.cityops.roads.RoadNetwork network = ROADS.network();
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
            Map.of(
                "bootstrap.servers",
                kafka,
                "key.serializer",
                org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer",
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName()))) {
      int n = 0;
      for (org.cityops.roads.Road road : network.roads()) {
        List<Long> nodes = road.nodes();
        for (boolean forward : new boolean[] {true, false}) {
          long from = forward ? nodes.get(0) : nodes.get(nodes.size() - 1);
          long to = forward ? nodes.get(nodes.size() - 1) : nodes.get(0);
          String resident = "commuter-" + n++;
          commuterRoads.put(resident, Long.toString(road.wayId()));
          org.cityops.events.Subscription s =
              new org.cityops.events.Subscription(resident, List.of(), List.of(), true, at, null)
                  .withCommutes(
                      List.of(
                          new org.cityops.events.Subscription.Commute(
                              "along " + road.name(),
                              network.nodes().get(from),
                              network.nodes().get(to),
                              "00:00",
                              "23:59",
                              null)));
          producer
              .send(
                  new org.apache.kafka.clients.producer.ProducerRecord<>(
                      Topics.SUBSCRIPTIONS, resident, EventJson.write(s.validate())))
              .get();
        }
      }
    }
  }

  private static String exec(LocalStack stack, String sql) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var uri =
        java.net.URI.create(
            stack.questDbConsole()
                + "/exec?query="
                + java.net.URLEncoder.encode(sql, java.nio.charset.StandardCharsets.UTF_8));
    return http.send(
            java.net.http.HttpRequest.newBuilder(uri).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The gauges named in the evidence of the incidents of a type. */
  private static Set<String> gaugesInEvidence(
      List<ConsumerRecord<String, byte[]>> records, IncidentType type) {
    return gauges(records, type, i -> i.evidence().stream().map(e -> e.sourceId()).toList());
  }

  /** The gauges whose zone the incidents of a type are raised for (a gauge is its own zone). */
  private static Set<String> gaugesWithIncidents(
      List<ConsumerRecord<String, byte[]>> records, IncidentType type) {
    return gauges(records, type, i -> List.of(i.area().zone()));
  }

  private static Set<String> gauges(
      List<ConsumerRecord<String, byte[]>> records,
      IncidentType type,
      java.util.function.Function<Incident, List<String>> named) {
    Set<String> gauges = new TreeSet<>();
    records.forEach(
        r -> {
          Incident i = EventJson.readIncident(r.value());
          if (i.type() == type) {
            gauges.addAll(named.apply(i));
          }
        });
    return gauges;
  }
}
