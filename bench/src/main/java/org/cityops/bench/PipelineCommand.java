package org.cityops.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.PendingWarning;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live path at rising rates: sensors publishing over MQTT at QoS 1, the bridge, Kafka, and by
 * default the stack {@code ./cityops} starts behind them (all four detection jobs as deployed, with
 * their Kafka sources and sinks, checkpoints to files, residents' notifications over MQTT, and
 * their time series in the embedded QuestDB; {@link PipelineStack}), all in this process. For each
 * rate it prints the rate reached, how far Kafka fell behind, and the latency from a reading's
 * publication to its record in Kafka, to the incident it raised on Kafka, and to the notification a
 * resident near its gauge received over MQTT (HdrHistogram p50/p99/p99.9). Warnings that wait for a
 * person's approval (Severe and Extreme) never reach a resident without one, so they are not timed;
 * their count is printed.
 *
 * <p>Event time runs faster than the clock: every gauge reads once per 15-minute step, and a step
 * is published as fast as the rate allows ({@code gauges / rate} seconds), so the storms of days
 * pass in a minute and every rate sees incidents. A sum is judged once the watermark passes its
 * step, that is once the next step's readings are in: the incident latency includes that wait,
 * about one step's publishing time. After the last rate one more step is published, not timed, so
 * that the last timed step is judged the same way (with nothing after it, it would be judged only
 * once the readings had been quiet for {@code rain.idleness}, a minute).
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "MQTT (QoS 1, one reading per message) -> bridge -> Kafka -> the detection jobs -> Kafka,"
          + " MQTT and the time-series store, all embedded in this process, at each of --rates"
          + " for --seconds; prints per rate the rate reached, what Kafka still lacked at its"
          + " end, and the latency from publish to the reading in Kafka, to the heavy-rain and"
          + " siren-level incidents it raised, and to the notifications --residents near the"
          + " gauges received over MQTT from the alerts job (p50, p99, p99.9). Warnings waiting"
          + " for a supervisor (Severe and above) are not timed: nobody approves them in this"
          + " run; their number is printed. Per rate it also prints the CPU each part of the"
          + " path spent per reading (sensors, MQTT broker, bridge, Kafka broker, jobs,"
          + " time-series store, Flink, the harness's measuring, GC and compilers) and the rate"
          + " that cost allows on this machine's cores.",
      ""
    })
public final class PipelineCommand implements Callable<Integer> {
  static final Duration STEP = Duration.ofMinutes(15);

  /** What the sensors' MQTT client ids start with. */
  static final String SENSOR_CLIENTS = "bench-sensors-";

  /**
   * Threads here live as long as the run, so reading them seldom misses little; the few hundred
   * threads of the run cost the sampler about 1% of a core at 100 ms.
   */
  private static final Duration CPU_SAMPLES = Duration.ofMillis(500);

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "1000,2000,5000,10000,20000",
      description = "Readings per second, one after the other (default ${DEFAULT-VALUE})")
  List<Integer> rates;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "Seconds at each rate (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "120",
      description =
          "Seconds at the first rate before the measured rates, not timed, and then a wait until"
              + " Kafka has every reading: the JIT compiles the path first (on 2 cores its"
              + " compilers took half a core for the first two minutes, and a cold start fell"
              + " behind); 0 for none (default ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(
      names = "--gauges",
      defaultValue = "1000",
      description = "Gauges publishing (default ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--publishers",
      defaultValue = "4",
      description = "MQTT client connections the gauges share (default ${DEFAULT-VALUE})")
  int publishers;

  @Option(
      names = "--stack",
      defaultValue = PipelineStack.LOCAL,
      paramLabel = PipelineStack.LOCAL + "|" + PipelineStack.RAIN_AND_ALERTS,
      description =
          "What runs behind the bridge: "
              + PipelineStack.LOCAL
              + " is the stack ./cityops starts (rain, alerts, traffic and health jobs, their time"
              + " series and metrics to the embedded QuestDB; only --setting checkpoint.interval"
              + " applies); "
              + PipelineStack.RAIN_AND_ALERTS
              + " is the rain job and, with residents, the alerts job, with no time-series store"
              + " (the figures of earlier sessions) (default ${DEFAULT-VALUE})")
  String stack;

  static final String HIVEMQ = "hivemq";
  static final String MOSQUITTO = "mosquitto";

  @Option(
      names = "--mqtt-broker",
      defaultValue = HIVEMQ,
      paramLabel = HIVEMQ + "|" + MOSQUITTO,
      description =
          "The MQTT broker: "
              + HIVEMQ
              + " is HiveMQ CE in this JVM, as ./cityops runs it; "
              + MOSQUITTO
              + " is Debian's mosquitto as a child process with the compose and Kubernetes"
              + " deployments' settings (its CPU is read from the process and counted as the MQTT"
              + " broker's) (default ${DEFAULT-VALUE})")
  String mqttBroker;

  @Option(
      names = "--residents",
      defaultValue = "50",
      description =
          "Residents subscribed, each at a gauge spread across the city; with --stack "
              + PipelineStack.RAIN_AND_ALERTS
              + ", 0 runs no alerts job (default ${DEFAULT-VALUE})")
  int residents;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--setting",
      paramLabel = "KEY=VALUE",
      description =
          "A job setting (repeatable), e.g. checkpoint.interval=10s: alerts.* ones go to the"
              + " alerts job, checkpoint.* ones to both jobs, the others to the rain job")
  List<String> settings = new ArrayList<>();

  /** The settings of the alerts job's own, given with {@code --setting}. */
  private static final String ALERTS_PREFIX = "alerts.";

  /** One rate's figures. */
  public record Level(
      int rate,
      long published,
      double publishedPerSecond,
      long readingsInKafka,
      long behindAtEnd,
      Histogram readingLatencyMs,
      long incidents,
      Histogram incidentLatencyMs,
      long notifications,
      Histogram notificationLatencyMs,
      ThreadCpu.Snapshot cpu) {

    /** Microseconds of CPU per reading published, of one group of threads. */
    double cpuMicrosPerReading(String group) {
      return published == 0 ? 0 : cpu.of(group).toNanos() / 1e3 / published;
    }

    /** Microseconds of the whole process's CPU per reading published. */
    double processMicrosPerReading() {
      return published == 0 ? 0 : cpu.process().toNanos() / 1e3 / published;
    }
  }

  @Override
  public Integer call() throws Exception {
    run(System.out);
    return 0;
  }

  public List<Level> run(PrintStream out) throws Exception {
    if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || seconds < 1 || gauges < 1) {
      throw new IllegalArgumentException("--rates, --seconds and --gauges must be positive");
    }
    if (warmupSeconds < 0) {
      throw new IllegalArgumentException("--warmup-seconds must be 0 or more");
    }
    if (publishers < 1 || parallelism < 1) {
      throw new IllegalArgumentException("--publishers and --parallelism must be at least 1");
    }
    if (residents < 0 || residents > gauges) {
      throw new IllegalArgumentException("--residents must be 0.." + gauges + " (one per gauge)");
    }
    if (residents == 0 && settings.stream().anyMatch(s -> s.startsWith(ALERTS_PREFIX))) {
      throw new IllegalArgumentException(
          "--setting "
              + ALERTS_PREFIX
              + "* is for the alerts job, and with --residents 0 none runs");
    }
    if (!mqttBroker.equals(HIVEMQ) && !mqttBroker.equals(MOSQUITTO)) {
      throw new IllegalArgumentException(
          "--mqtt-broker must be " + HIVEMQ + " or " + MOSQUITTO + ", was '" + mqttBroker + "'");
    }
    if (!stack.equals(PipelineStack.LOCAL) && !stack.equals(PipelineStack.RAIN_AND_ALERTS)) {
      throw new IllegalArgumentException(
          "--stack must be "
              + PipelineStack.LOCAL
              + " or "
              + PipelineStack.RAIN_AND_ALERTS
              + ", was '"
              + stack
              + "'");
    }
    // the settings are checked before anything starts
    RainJobConfig checked = config("127.0.0.1:9092");
    alertsConfig("127.0.0.1:9092", "tcp://127.0.0.1:1883");
    if (stack.equals(PipelineStack.LOCAL)
        && settings.stream().anyMatch(s -> !s.startsWith("checkpoint.interval="))) {
      throw new IllegalArgumentException(
          "--stack "
              + PipelineStack.LOCAL
              + " runs the jobs with ./cityops's settings; only --setting checkpoint.interval=..."
              + " applies (use --stack "
              + PipelineStack.RAIN_AND_ALERTS
              + " to try other rain settings)");
    }
    SyntheticStorms storms = new SyntheticStorms(gauges, 1, SyntheticStorms.FIRST_STEP, STEP);
    PublishLog log = new PublishLog();
    try (PipelineStack path =
        stack.equals(PipelineStack.LOCAL)
            ? PipelineStack.local(parallelism, checked.checkpointInterval(), mosquitto())
            : PipelineStack.rainAndAlerts(
                parallelism, mosquitto(), this::config, this::alertsConfig)) {
      out.printf(
          "cityops-bench pipeline: %,d gauges (a 15-minute step every gauges/rate seconds),"
              + " MQTT QoS 1, one reading per message, %d publishing connections, one bridge;"
              + " %s; %d residents subscribed; parallelism %d, checkpoint every %d s; %d cores,"
              + " heap up to %,d MB%n",
          gauges,
          publishers,
          path.describe(),
          residents,
          parallelism,
          checked.checkpointInterval().toSeconds(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      try (LatencyWatcher readings =
              readingsWatcher(path.kafkaBootstrap(), log, rates.size()).start();
          LatencyWatcher incidents =
              incidentsWatcher(path.kafkaBootstrap(), log, rates.size()).start();
          NotificationWatcher notifications =
              new NotificationWatcher(path.mqttUri(), log, rates.size()).start();
          ThreadCpu cpu =
              ThreadCpu.start(roles(path.bridge().clientId()), CPU_SAMPLES, path.externalParts())) {
        if (residents > 0) {
          subscribeResidents(path.kafkaBootstrap(), storms);
        }
        path.awaitRunning(Duration.ofSeconds(60));
        List<MqttSink> sinks = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
          sinks.add(new MqttSink(path.mqttUri(), SENSOR_CLIENTS + i));
        }
        List<Level> levels = new ArrayList<>();
        long step = 0;
        long publishedBefore = 0;
        if (warmupSeconds > 0) {
          Published warmup =
              publish(
                  sinks,
                  storms,
                  log,
                  rates.get(0),
                  Published.UNTIMED,
                  warmupSeconds,
                  step,
                  Long.MAX_VALUE);
          step = warmup.nextStep();
          publishedBefore = warmup.sent();
          long waitStart = System.nanoTime();
          awaitCaughtUp(readings, publishedBefore, Duration.ofSeconds(120));
          out.printf(
              "warm-up: %,d readings at %,d/s in %.1f s, not timed; Kafka had %,d of them %.1f s"
                  + " later%n",
              warmup.sent(),
              rates.get(0),
              warmup.seconds(),
              readings.total(),
              (System.nanoTime() - waitStart) / 1e9);
        }
        for (int level = 0; level < rates.size(); level++) {
          int rate = rates.get(level);
          ThreadCpu.Snapshot cpuBefore = cpu.snapshot();
          Published p = publish(sinks, storms, log, rate, level, seconds, step, Long.MAX_VALUE);
          step = p.nextStep();
          long sent = p.sent();
          double took = p.seconds();
          long published = publishedBefore + sent;
          long behind = published - readings.total();
          publishedBefore = published;
          Level l =
              new Level(
                  rate,
                  sent,
                  sent / took,
                  0,
                  behind,
                  null,
                  0,
                  null,
                  0,
                  null,
                  cpu.snapshot().since(cpuBefore)); // latencies below, once all is in
          levels.add(l);
          out.printf(
              "rate %,d/s: published %,d in %.1f s (%,.0f/s); at its end Kafka lacked %,d"
                  + " readings; bridge %s%n",
              rate, sent, took, sent / took, behind, path.bridge().metrics());
          out.println(cpuLine(l));
        }
        // let the last steps through: one more step's readings, not timed, move the watermark past
        // them (without it they would be judged only once the readings had been quiet for
        // rain.idleness, and timed with that minute in)
        Published tail =
            publish(
                sinks,
                storms,
                log,
                rates.get(rates.size() - 1),
                Published.UNTIMED,
                seconds,
                step,
                1);
        publishedBefore += tail.sent();
        awaitCaughtUp(readings, publishedBefore, Duration.ofSeconds(60));
        Thread.sleep(5_000);
        List<Level> done = new ArrayList<>();
        for (int level = 0; level < levels.size(); level++) {
          Level l = levels.get(level);
          Level full =
              new Level(
                  l.rate(),
                  l.published(),
                  l.publishedPerSecond(),
                  readings.count(level),
                  l.behindAtEnd(),
                  readings.histogram(level),
                  incidents.count(level),
                  incidents.histogram(level),
                  notifications.count(level),
                  notifications.histogram(level),
                  l.cpu());
          done.add(full);
          out.printf(
              "rate %,d/s: reached %,.0f/s; publish -> Kafka p50 %s, p99 %s, p99.9 %s ms (%,d of"
                  + " %,d readings arrived in time to be timed); publish -> incident on Kafka p50"
                  + " %s, p99 %s, p99.9 %s ms (%,d incident versions)%n",
              full.rate(),
              full.publishedPerSecond(),
              p(full.readingLatencyMs(), 50),
              p(full.readingLatencyMs(), 99),
              p(full.readingLatencyMs(), 99.9),
              full.readingsInKafka(),
              full.published(),
              p(full.incidentLatencyMs(), 50),
              p(full.incidentLatencyMs(), 99),
              p(full.incidentLatencyMs(), 99.9),
              full.incidents());
          if (residents > 0) {
            out.printf(
                "rate %,d/s: publish -> resident's notification over MQTT p50 %s, p99 %s, p99.9 %s"
                    + " ms (%,d notifications)%n",
                full.rate(),
                p(full.notificationLatencyMs(), 50),
                p(full.notificationLatencyMs(), 99),
                p(full.notificationLatencyMs(), 99.9),
                full.notifications());
          }
        }
        if (residents > 0) {
          out.printf(
              "not timed: %,d warnings waited for a supervisor's approval (Severe and above; nobody"
                  + " approves in this run); %,d notifications of other incidents%n",
              waitingForApproval(path.kafkaBootstrap()), notifications.untraced());
        }
        for (MqttSink sink : sinks) {
          sink.close();
        }
        return done;
      }
    }
  }

  /** The part of the path each thread works for; this thread publishes the sensors' readings. */
  private static Function<String, Optional<String>> roles(String bridgeClient) {
    String publisher = Thread.currentThread().getName();
    return name ->
        Optional.of(
            ThreadRoles.pipeline(
                name, publisher, SENSOR_CLIENTS, bridgeClient, NotificationWatcher.CLIENT_ID));
  }

  /**
   * Where one rate's CPU went, per reading published: each part of the path, what no thread of a
   * part shows (garbage collection, compilers), and in all; with how many cores that kept busy, and
   * the rate the whole process's CPU per reading allows on this machine's cores.
   */
  static String cpuLine(Level l) {
    StringBuilder line =
        new StringBuilder(String.format("rate %,d/s: CPU per reading published, µs:", l.rate()));
    for (String group : ThreadRoles.PIPELINE_ORDER) {
      line.append(String.format(" %s %.1f,", group, l.cpuMicrosPerReading(group)));
    }
    double all = l.processMicrosPerReading();
    int cores = Runtime.getRuntime().availableProcessors();
    line.append(
        String.format(
            " the rest of the JVM %.1f; in all %.1f, keeping %.2f of %d cores busy"
                + " (these cores give this path at most %,.0f readings/s at that cost)",
            l.published() == 0 ? 0 : l.cpu().outsideGroups().toNanos() / 1e3 / l.published(),
            all,
            l.cpu().coresBusy(),
            cores,
            all == 0 ? 0 : cores * 1e6 / all));
    return line.toString();
  }

  private static String p(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : String.format("%,d", h.getValueAtPercentile(percentile));
  }

  /** Sleeps while the publisher is ahead of {@code rate}. */
  private static void pace(long startNanos, long sent, int rate) throws InterruptedException {
    long due = startNanos + (long) (sent * 1e9 / rate);
    long ahead = due - System.nanoTime();
    if (ahead > 1_000_000) {
      Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
    }
  }

  /** What one stretch of publishing sent, how long it took, and the step after its last. */
  private record Published(long sent, double seconds, long nextStep) {
    /**
     * The level of the warm-up's steps and of the tail's: {@link Latencies} times no step of an
     * unknown level.
     */
    static final int UNTIMED = -1;
  }

  /**
   * Publishes whole steps (every gauge reads once per step) at {@code rate} for {@code seconds} or
   * {@code maxSteps} steps, whichever ends first, from {@code firstStep} on, each step logged at
   * {@code level}.
   */
  private Published publish(
      List<MqttSink> sinks,
      SyntheticStorms storms,
      PublishLog log,
      int rate,
      int level,
      int seconds,
      long firstStep,
      long maxSteps)
      throws Exception {
    long step = firstStep;
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    long sent = 0;
    while (System.nanoTime() < end && step - firstStep < maxSteps) {
      log.started(step, System.currentTimeMillis(), rate, level);
      Instant time = SyntheticStorms.FIRST_STEP.plus(STEP.multipliedBy(step));
      for (int g = 0; g < gauges; g++) {
        if (sent % 50 == 0) {
          pace(start, sent, rate);
        }
        Reading reading =
            Reading.rain(
                SyntheticStorms.gaugeId(g), time, storms.location(g), storms.rainMm(g, step));
        sinks
            .get(g % publishers)
            .publish(
                SensorTopic.of(SensorKind.RAIN_GAUGE, reading.sensorId()),
                EventJson.write(reading));
        sent++;
      }
      step++;
    }
    return new Published(sent, (System.nanoTime() - start) / 1e9, step);
  }

  private static void awaitCaughtUp(LatencyWatcher readings, long published, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readings.total() < published && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private boolean mosquitto() {
    return mqttBroker.equals(MOSQUITTO);
  }

  /** The alerts job as deployed, its notifications to the broker; null with no residents. */
  AlertsJobConfig alertsConfig(String bootstrapServers, String mqttUri) {
    if (residents == 0) {
      return null;
    }
    Map<String, String> alerts = new java.util.HashMap<>();
    alerts.put("kafka.bootstrap-servers", bootstrapServers);
    alerts.put("kafka.group", "bench-alerts");
    alerts.put("mqtt.server-uri", mqttUri);
    // the jobs share one Flink environment and so one way to checkpoint: the alerts job takes the
    // checkpoint settings given, and its own (alerts.*)
    BenchSetup.settings(settings)
        .forEach(
            (key, value) -> {
              if (key.startsWith("checkpoint.") || key.startsWith(ALERTS_PREFIX)) {
                alerts.put(key, value);
              }
            });
    return AlertsJobConfig.from(new Settings(alerts));
  }

  /** One resident at every (gauges / residents)-th gauge, a 300 m circle around it. */
  private void subscribeResidents(String bootstrapServers, SyntheticStorms storms) {
    try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < residents; i++) {
        int gauge = (int) ((long) i * gauges / residents);
        Subscription s =
            new Subscription(
                "bench-resident-" + i,
                List.of(new Subscription.Place("home", storms.location(gauge), 300)),
                List.of(),
                true,
                SyntheticStorms.FIRST_STEP.minus(STEP));
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                Topics.SUBSCRIPTIONS, s.residentId(), EventJson.write(s)));
      }
      producer.flush();
    }
  }

  /** Distinct incidents whose public warning waited for a supervisor. */
  private static long waitingForApproval(String bootstrapServers) {
    return org.cityops.embedded.TopicReader.readAll(
            bootstrapServers, Topics.PENDING_WARNINGS, Duration.ofSeconds(5))
        .stream()
        .map(r -> EventJson.read(r.value(), PendingWarning.class, w -> w))
        .filter(w -> w.reason() == PendingWarning.Reason.NEEDS_SUPERVISOR_APPROVAL)
        .map(PendingWarning::incidentId)
        .distinct()
        .count();
  }

  RainJobConfig config(String bootstrapServers) {
    return BenchSetup.rainConfig(
        Map.of("kafka.bootstrap-servers", bootstrapServers, "kafka.group", "bench-pipeline"),
        settings.stream().filter(s -> !s.startsWith(ALERTS_PREFIX)).toList());
  }

  /** Readings in Kafka: the bridge's producer stamps each record when it sends it. */
  private static LatencyWatcher readingsWatcher(String bootstrap, PublishLog log, int levels) {
    return new LatencyWatcher(bootstrap, Topics.READINGS, log, levels) {
      @Override
      Traced trace(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, long now) {
        Reading reading = EventJson.readReading(r.value());
        int gauge = gaugeOf(reading.sensorId());
        return gauge < 0
            ? null
            : new Traced(
                stepOf(reading.time(), SyntheticStorms.FIRST_STEP, STEP), gauge, r.timestamp());
      }
    };
  }

  /**
   * Heavy-rain and siren-level versions on Kafka, traced to the reading whose sum raised them (the
   * evidence at the version's time); the watcher's poll time is their arrival.
   */
  private static LatencyWatcher incidentsWatcher(String bootstrap, PublishLog log, int levels) {
    return new LatencyWatcher(bootstrap, Topics.DETECTIONS, log, levels) {
      @Override
      Traced trace(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, long now) {
        Incident incident = EventJson.readIncident(r.value());
        if (incident.type() != IncidentType.HEAVY_RAIN
            && incident.type() != IncidentType.SIREN_LEVEL) {
          return null;
        }
        for (Evidence e : incident.evidence()) {
          int gauge = gaugeOf(e.sourceId());
          if (gauge >= 0 && e.time().equals(incident.updatedAt())) {
            return new Traced(
                stepOf(incident.updatedAt(), SyntheticStorms.FIRST_STEP, STEP), gauge, now);
          }
        }
        return null;
      }
    };
  }
}
