package org.cityops.ingestion.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;

/** Pacing, order and shifting, on a clock the test moves itself. */
class ReadingReplayTest {
  private static final GeoPoint URCA = new GeoPoint(-22.956, -43.167);
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");

  /** A clock that only moves when the replay sleeps; records every sleep. */
  private static final class ManualClock {
    long nanos = 1_000;
    final List<Duration> sleeps = new ArrayList<>();

    ReadingReplay replay() {
      return new ReadingReplay(
          () -> nanos,
          n -> {
            sleeps.add(Duration.ofNanos(n));
            nanos += n;
          });
    }
  }

  /** Collects what was sent, with the clock's reading at each send. */
  private static class Collecting implements ReadingSink {
    final List<Reading> sent = new ArrayList<>();
    final List<Long> at = new ArrayList<>();
    final ManualClock clock;

    Collecting(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public void send(Reading reading) {
      sent.add(reading);
      at.add(clock.nanos);
    }

    @Override
    public void close() {}
  }

  private static Reading rain(String gauge, int minutes, double mm) {
    return Reading.rain(gauge, T0.plus(Duration.ofMinutes(minutes)), URCA, mm);
  }

  @Test
  void sendsInEventTimeOrderTiesBySensorWhateverTheRecordingsOrder() throws Exception {
    ManualClock clock = new ManualClock();
    Collecting sink = new Collecting(clock);
    List<Reading> recorded =
        List.of(rain("urca", 15, 2.0), rain("tijuca", 0, 1.0), rain("barrinha", 0, 0.4));

    ReadingReplay.Summary summary =
        clock
            .replay()
            .run(recorded, sink, new ReadingReplay.Options(0, Duration.ZERO, 10), (s, t, e) -> {});

    assertThat(sink.sent)
        .extracting(Reading::sensorId)
        .containsExactly("barrinha", "tijuca", "urca");
    assertThat(clock.sleeps).as("speed 0 never waits").isEmpty();
    assertThat(summary.sent()).isEqualTo(3);
    assertThat(summary.firstEventTime()).isEqualTo(T0);
    assertThat(summary.lastEventTime()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
  }

  @Test
  void atSpeedSixtyFifteenRecordedMinutesTakeFifteenWallSeconds() throws Exception {
    ManualClock clock = new ManualClock();
    Collecting sink = new Collecting(clock);
    List<Reading> recorded =
        List.of(rain("urca", 0, 1), rain("tijuca", 0, 1), rain("urca", 15, 1), rain("urca", 45, 1));

    clock
        .replay()
        .run(recorded, sink, new ReadingReplay.Options(60, Duration.ZERO, 10), (s, t, e) -> {});

    long start = 1_000;
    assertThat(sink.at)
        .containsExactly(
            start,
            start,
            start + Duration.ofSeconds(15).toNanos(),
            start + Duration.ofSeconds(45).toNanos());
  }

  @Test
  void aSlowSinkDelaysTheRestButIsNotMadeUpByABurst() throws Exception {
    ManualClock clock = new ManualClock();
    Collecting slow =
        new Collecting(clock) {
          @Override
          public void send(Reading reading) {
            super.send(reading);
            clock.nanos += Duration.ofSeconds(20).toNanos(); // each send takes 20 s
          }
        };
    clock
        .replay()
        .run(
            List.of(rain("urca", 0, 1), rain("urca", 15, 1), rain("urca", 30, 1)),
            slow,
            new ReadingReplay.Options(60, Duration.ZERO, 10),
            (s, t, e) -> {});
    // due at 0, 15 and 30 s; each send takes 20 s, so they go at 0, 20 and 40 s with no sleeps
    assertThat(slow.at)
        .containsExactly(
            1_000L,
            1_000 + Duration.ofSeconds(20).toNanos(),
            1_000 + Duration.ofSeconds(40).toNanos());
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void shiftMovesEveryTimeAndKeepsTheValues() throws Exception {
    ManualClock clock = new ManualClock();
    Collecting sink = new Collecting(clock);
    List<Reading> recorded = List.of(rain("urca", 0, 1.2), rain("urca", 15, 3.4));
    Instant end = Instant.parse("2026-11-28T12:00:00Z");
    Duration shift = ReadingReplay.shiftToEndAt(recorded, end);

    clock.replay().run(recorded, sink, new ReadingReplay.Options(0, shift, 10), (s, t, e) -> {});

    assertThat(sink.sent)
        .containsExactly(
            Reading.rain("urca", end.minus(Duration.ofMinutes(15)), URCA, 1.2),
            Reading.rain("urca", end, URCA, 3.4));
    assertThat(ReadingReplay.shiftToStartAt(recorded, T0.plusSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void reportsProgressEveryNReadingsAndOnceAtTheEnd() throws Exception {
    ManualClock clock = new ManualClock();
    List<String> reports = new ArrayList<>();
    List<Reading> recorded = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      recorded.add(rain("urca", 15 * i, 0.2));
    }
    clock
        .replay()
        .run(
            recorded,
            new Collecting(clock),
            new ReadingReplay.Options(0, Duration.ZERO, 2),
            (sent, total, time) -> reports.add(sent + "/" + total + "@" + time));
    assertThat(reports)
        .containsExactly(
            "2/5@2019-02-06T21:15:00Z", "4/5@2019-02-06T21:45:00Z", "5/5@2019-02-06T22:00:00Z");
  }

  @Test
  void anEmptyRecordingSendsNothingAndSaysSo() throws Exception {
    ManualClock clock = new ManualClock();
    List<String> reports = new ArrayList<>();
    ReadingReplay.Summary summary =
        clock
            .replay()
            .run(
                List.of(),
                new Collecting(clock),
                new ReadingReplay.Options(1, Duration.ZERO, 2),
                (sent, total, time) -> reports.add(sent + "/" + total));
    assertThat(summary.sent()).isZero();
    assertThat(reports).containsExactly("0/0");
  }

  @Test
  void refusesNegativeOrNonFiniteSpeed() {
    for (double speed : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ReadingReplay.Options(speed, Duration.ZERO, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("speed");
    }
  }
}
