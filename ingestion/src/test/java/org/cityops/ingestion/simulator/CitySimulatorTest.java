package org.cityops.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;
import org.cityops.ingestion.bridge.MessageRouter;
import org.cityops.ingestion.bridge.Routed;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.validate.ReadingLimits;
import org.junit.jupiter.api.Test;

/** The simulator's messages, run through the bridge's router, match the truth it reports. */
class CitySimulatorTest {
  private static final Instant WALL_NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final MessageRouter router =
      MessageRouter.create(
          ReadingLimits.defaults(), Pseudonymizer.fromSecret("a-test-key-of-enough-length"));

  private record Message(String topic, byte[] payload) {}

  private GroundTruth play(CitySimulator.Options options, List<Message> out) throws Exception {
    CitySimulator simulator =
        new CitySimulator(SyntheticCity.generate(12, 7), Clock.fixed(WALL_NOW, ZoneOffset.UTC));
    return simulator.run(
        options, (topic, payload) -> out.add(new Message(topic, payload)), (t, n) -> {});
  }

  @Test
  void stormProducesHeavyRainWhereTheTruthSaysAndEveryFaultIsRejectedWithItsReason()
      throws Exception {
    List<Message> messages = new ArrayList<>();
    CitySimulator.Options options =
        new CitySimulator.Options(
            Scenario.STORM,
            WALL_NOW.minus(Duration.ofHours(3)),
            Duration.ofHours(3),
            Duration.ofMinutes(5),
            50,
            0,
            true);
    GroundTruth truth = play(options, messages);

    List<Routed> readings = new ArrayList<>();
    List<RejectReason> reasons = new ArrayList<>();
    long reports = 0;
    for (Message m : messages) {
      for (Routed r : router.route(m.topic(), m.payload(), WALL_NOW)) {
        switch (r.kind()) {
          case READING -> readings.add(r);
          case REJECTED -> reasons.add(r.reason());
          case REPORT -> reports++;
        }
      }
    }
    assertThat(readings).hasSize((int) truth.validReadings());
    assertThat(reasons)
        .containsExactlyElementsOf(
            truth.faults().stream().map(GroundTruth.Fault::expectedReason).toList());
    assertThat(reasons)
        .containsAll(
            List.of(
                RejectReason.MALFORMED,
                RejectReason.NOT_UTF8,
                RejectReason.OUT_OF_RANGE,
                RejectReason.INVALID_FIELD,
                RejectReason.FUTURE_TIME,
                RejectReason.OVERSIZED,
                RejectReason.UNKNOWN_TOPIC));
    assertThat(reports).isEqualTo(truth.reportIds().size()).isPositive();
    assertThat(truth.readings(SensorKind.RAIN_GAUGE)).isEqualTo(12 * 36);

    // The storm is strong: some gauges pass 50 mm in an hour, some stay below 25.
    Map<String, Double> max1h = truth.maxRollingSumMm(Duration.ofHours(1));
    assertThat(max1h.values()).anyMatch(v -> v > 50).anyMatch(v -> v < 25);
    // The rain the router forwarded adds up to the truth, gauge by gauge.
    Map<String, Double> forwarded = new java.util.TreeMap<>();
    readings.stream()
        .map(r -> EventJson.readReading(r.value()))
        .filter(r -> r.kind() == SensorKind.RAIN_GAUGE)
        .forEach(r -> forwarded.merge(r.sensorId(), r.rainMm(), Double::sum));
    truth
        .rainByGauge()
        .forEach(
            (gauge, samples) ->
                assertThat(forwarded.get(gauge))
                    .isCloseTo(
                        samples.stream().mapToDouble(GroundTruth.RainSample::rainMm).sum(),
                        org.assertj.core.data.Offset.offset(1e-6)));
  }

  @Test
  void calmDayHasNoHeavyRainAndTimesStayInTheSimulatedWindow() throws Exception {
    List<Message> messages = new ArrayList<>();
    Instant start = WALL_NOW.minus(Duration.ofHours(2));
    GroundTruth truth =
        play(
            new CitySimulator.Options(
                Scenario.CALM, start, Duration.ofHours(2), Duration.ofMinutes(15), 0, 0, true),
            messages);
    assertThat(truth.gaugesWithHourlyRainAtLeast(25)).isEmpty();
    assertThat(truth.faults()).isEmpty();
    for (Message m : messages) {
      for (Routed r : router.route(m.topic(), m.payload(), WALL_NOW)) {
        assertThat(r.kind()).isEqualTo(Routed.Kind.READING);
        Reading reading = EventJson.readReading(r.value());
        assertThat(reading.time()).isAfter(start).isBeforeOrEqualTo(WALL_NOW);
      }
    }
  }
}
