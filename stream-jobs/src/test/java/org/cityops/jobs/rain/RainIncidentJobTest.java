package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.rain.RainFixtures.rain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.common.record.RecordBatch;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.ReportCategory;
import org.cityops.events.Severity;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole rain topology on a MiniCluster at parallelism 2, with a finite input. */
class RainIncidentJobTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void stormAtOneGaugeRaisesEscalatesAndClearsItsIncidentWhileBadRecordsAreRejected()
      throws Exception {
    List<byte[]> input = new ArrayList<>();
    // barrinha: the 6 February 2019 storm shape, 15-minute values
    double[] barrinha = {2.0, 10.4, 30.2, 35.6, 15.0, 10.4, 10.0, 8.0, 9.0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < barrinha.length; i++) {
      input.add(EventJson.write(rain("barrinha", 15L * (i + 1), barrinha[i])));
    }
    // copacabana: a drizzle, never heavy
    for (int i = 1; i <= 8; i++) {
      input.add(EventJson.write(rain("copacabana", 15L * i, 0.4)));
    }
    input.add(EventJson.write(rain("copacabana", 15, 0.4))); // a redelivered duplicate
    input.add("{\"sensorId\":\"x\",".getBytes(StandardCharsets.UTF_8));
    input.add("{\"sensorId\":\"x\",\"kind\":\"rain_gauge\"}".getBytes(StandardCharsets.UTF_8));

    // The generator source hands its splits to both subtasks in any order, so the input is out of
    // order across the whole span; a bound that covers it makes the result deterministic. Lateness
    // itself is covered by the harness tests.
    StreamExecutionEnvironment env = FlinkTestEnv.env();
    RainJobConfig config =
        RainJobConfig.from(new Settings(java.util.Map.of("rain.out-of-orderness", "PT6H")));
    // a river beside the gauge reaching its alert stage
    for (int i = 1; i <= 4; i++) {
      input.add(
          EventJson.write(
              Reading.waterLevel(
                  "river-001",
                  RainFixtures.minutes(15L * i),
                  RainFixtures.BARRINHA,
                  1.0 + 0.9 * i)));
    }
    // three residents report flooding near the gauge while it pours, and one garbled report
    List<byte[]> reports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reports.add(
          EventJson.write(
              new CitizenReport(
                  "report-" + i,
                  ReportCategory.FLOODING,
                  RainFixtures.minutes(50 + 5L * i),
                  new GeoPoint(
                      RainFixtures.BARRINHA.lat() + 0.001 * i, RainFixtures.BARRINHA.lon()),
                  "água na canela",
                  null,
                  "resident-" + i)));
    }
    reports.add("{\"reportId\":".getBytes(StandardCharsets.UTF_8));
    RainIncidentJob.Outputs out =
        RainIncidentJob.wire(
            env.fromData(input)
                .map(value -> ParsedReading.parse(value, RecordBatch.NO_TIMESTAMP))
                .returns(ParsedReading.class)
                .assignTimestampsAndWatermarks(RainIncidentJob.watermarks(config)),
            env.fromData(reports)
                .map(value -> ParsedReport.parse(value, RecordBatch.NO_TIMESTAMP))
                .returns(ParsedReport.class)
                .assignTimestampsAndWatermarks(RainIncidentJob.reportWatermarks(config)),
            config);

    CloseableIterator<Incident> incidents = out.incidents().collectAsync();
    CloseableIterator<Rejected> rejected = out.rejected().collectAsync();
    CloseableIterator<RainSums> hourly = out.rainSums().collectAsync();
    env.execute("rain-job-test");

    List<Incident> all = drain(incidents);
    List<Incident> raised =
        all.stream().filter(i -> i.type() == org.cityops.events.IncidentType.HEAVY_RAIN).toList();
    // Siren level: 42.6 mm in the hour ending at 45 min; by 135 min the day holds 130.6 mm, so
    // the 24 h rule keeps it on for the rest of the input.
    assertThat(all)
        .filteredOn(i -> i.type() == org.cityops.events.IncidentType.SIREN_LEVEL)
        .singleElement()
        .satisfies(
            siren -> {
              assertThat(siren.updatedAt()).isEqualTo(RainFixtures.minutes(45));
              assertThat(siren.severity()).isEqualTo(Severity.EXTREME);
            });

    assertThat(raised)
        .extracting(Incident::version, Incident::severity, Incident::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, Severity.MODERATE, IncidentStatus.ACTIVE_UNACK),
            org.assertj.core.groups.Tuple.tuple(2L, Severity.SEVERE, IncidentStatus.ACTIVE_UNACK),
            org.assertj.core.groups.Tuple.tuple(3L, Severity.MODERATE, IncidentStatus.ACTIVE_UNACK),
            org.assertj.core.groups.Tuple.tuple(
                4L, Severity.MODERATE, IncidentStatus.CLEARED_UNACK));
    assertThat(raised).extracting(Incident::incidentId).containsOnly(raised.get(0).incidentId());
    // strong at 45 min (42.6 mm), very strong at 60 (78.2), peak 91.2 at 75 (10.4 + 30.2 + 35.6 +
    // 15.0), strong from 120 to 150 (the downgrade hold), below strong from 165, cleared 60 min on
    assertThat(raised)
        .extracting(Incident::updatedAt)
        .containsExactly(
            RainFixtures.minutes(45),
            RainFixtures.minutes(60),
            RainFixtures.minutes(150),
            RainFixtures.minutes(225));
    assertThat(raised.get(2).evidence())
        .extracting(e -> e.signal(), e -> e.value())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rain_1h_peak_mm", 91.2),
            org.assertj.core.groups.Tuple.tuple("rain_1h_mm", 27.0),
            org.assertj.core.groups.Tuple.tuple("rain_24h_mm", 130.6),
            org.assertj.core.groups.Tuple.tuple("rule_version", 0.0)); // the job's settings

    List<RainSums> sums = drain(hourly);

    assertThat(
            sums.stream()
                .filter(h -> h.gaugeId().equals("copacabana"))
                .mapToDouble(RainSums::rain1hMm)
                .max()
                .orElseThrow())
        .isEqualTo(1.6); // four 0.4 mm readings: the duplicate counted once

    assertThat(drain(rejected))
        .extracting(Rejected::reason, Rejected::source)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(RejectReason.MALFORMED, "flink:city.readings"),
            org.assertj.core.groups.Tuple.tuple(RejectReason.INVALID_FIELD, "flink:city.readings"),
            org.assertj.core.groups.Tuple.tuple(RejectReason.MALFORMED, "flink:city.reports"));

    // without a zones file the gauge is a zone of its own: 91.2 mm in an hour is very high
    assertThat(all)
        .filteredOn(i -> i.type() == IncidentType.LANDSLIDE_RISK)
        .extracting(Incident::severity)
        .contains(Severity.EXTREME);
    // 1.9, then 2.8 (attention, but 0.9 m up: Moderate), 3.7 (alert), 4.6 (flood)
    assertThat(all)
        .filteredOn(i -> i.type() == IncidentType.FLOOD_RISK)
        .extracting(Incident::severity)
        .containsExactly(Severity.MODERATE, Severity.SEVERE, Severity.EXTREME);
    // three reporters within 300 m and 10 min, with 78 mm/h at the gauge: corroborated
    assertThat(all)
        .filteredOn(i -> i.type() == IncidentType.URBAN_FLOODING)
        .last()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.SEVERE);
              assertThat(f.evidence()).extracting(e -> e.signal()).contains("rain_1h_mm");
            });
  }

  /**
   * The rolling sums and gauge health run in the task that receives the rain-gauge readings from
   * their one hash exchange: a second keyBy for either would serialise every reading again.
   */
  @Test
  void gaugeFunctionsShareOneExchangeOfTheReadings() {
    StreamExecutionEnvironment env = FlinkTestEnv.env();
    RainJobConfig config = RainJobConfig.from(new Settings(java.util.Map.of()));
    RainIncidentJob.Outputs out =
        RainIncidentJob.wire(
            env.fromData(EventJson.write(rain("barrinha", 15, 1.0)))
                .map(value -> ParsedReading.parse(value, RecordBatch.NO_TIMESTAMP))
                .returns(ParsedReading.class)
                .assignTimestampsAndWatermarks(RainIncidentJob.watermarks(config)),
            null,
            config);
    out.incidents().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
    out.rainSums().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

    List<org.apache.flink.runtime.jobgraph.JobVertex> vertices = new ArrayList<>();
    env.getStreamGraph().getJobGraph().getVertices().forEach(vertices::add);
    assertThat(vertices)
        .filteredOn(v -> v.getName().contains("rolling rain sums per gauge"))
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.getName())
                  .contains("rain readings at their gauge's subtask", "gauge health");
              assertThat(task.getInputs())
                  .singleElement()
                  .satisfies(
                      in -> assertThat(in.getShipStrategyName()).isEqualToIgnoringCase("hash"));
            });
  }

  @Test
  void configurationRejectsUnknownAndInvalidSettingsByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RainJobConfig.from(new Settings(java.util.Map.of("rain.strng-mm", "30"))))
        .hasMessageStartingWith("setting 'rain.strng-mm' is not a known setting");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RainJobConfig.from(new Settings(java.util.Map.of("rain.clear-hold", "soon"))))
        .hasMessageStartingWith("setting 'rain.clear-hold' must be a duration");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RainJobConfig.from(new Settings(java.util.Map.of("rain.strong-mm", "60"))))
        .hasMessageContaining("thresholds must rise");
    assertThat(
            RainJobConfig.from(Settings.fromArgs(new String[] {"--rain.clear-hold", "45m"}))
                .thresholds()
                .clearHold())
        .isEqualTo(Duration.ofMinutes(45));
  }
}
