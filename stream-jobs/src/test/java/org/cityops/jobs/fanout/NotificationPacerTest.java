package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.EventJson;
import org.cityops.events.Notification;
import org.cityops.events.NotificationDigest;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationPacerTest {
  /** 18:00 in Rio (UTC-3 in 2026). */
  private static final Instant T0 = Instant.parse("2026-03-10T21:00:00Z");

  private static final ZoneOffset RIO = ZoneOffset.ofHours(-3);

  private KeyedTwoInputStreamOperatorTestHarness<
          String, PacedNotification, Subscription, Notification>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, PacedNotification, Subscription, Notification>
      newHarness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new NotificationPacer(3),
        PacedNotification::residentId,
        Subscription::residentId,
        Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  private static Notification note(
      String incident, long version, MsgType type, Severity severity, long minute) {
    return new Notification(
        "ana",
        incident + ":v" + version,
        incident,
        version,
        type,
        severity,
        "Chuva forte",
        "Evite deslocamentos.",
        OffsetDateTime.ofInstant(minutes(minute), RIO).toString(),
        "Tijuca",
        "home");
  }

  /** The resident's pacing as the matcher saw it; null until they choose one. */
  private Subscription.Pacing pacing;

  private void subscribe(Subscription.Pacing chosen) {
    pacing = chosen;
  }

  private void send(Notification n) throws Exception {
    harness.processElement1(
        new PacedNotification(n, pacing),
        OffsetDateTime.parse(n.sent()).toInstant().toEpochMilli());
  }

  private void watermark(long minute) throws Exception {
    harness.processWatermark1(new Watermark(minutes(minute).toEpochMilli()));
    harness.processWatermark2(new Watermark(Long.MAX_VALUE));
  }

  private List<String> sent() {
    return harness.extractOutputValues().stream().map(Notification::identifier).toList();
  }

  private List<NotificationDigest> digests() {
    List<NotificationDigest> out = new ArrayList<>();
    var q = harness.getSideOutput(NotificationPacer.DIGESTS);
    if (q != null) {
      q.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  @Test
  void belowSevereAtMostTheHourlyLimitTheRestInOneDigestWhenTheHourEnds() throws Exception {
    // the job's default here: 3 an hour
    send(note("a", 1, MsgType.Alert, Severity.MODERATE, 0));
    send(note("b", 1, MsgType.Alert, Severity.MODERATE, 10));
    send(note("c", 1, MsgType.Alert, Severity.MINOR, 20));
    send(note("d", 1, MsgType.Alert, Severity.MODERATE, 30)); // over the limit: held
    send(note("a", 2, MsgType.Update, Severity.MODERATE, 40)); // held too
    send(note("x", 1, MsgType.Alert, Severity.SEVERE, 45)); // Severe: at once, always
    send(note("d", 2, MsgType.Update, Severity.MODERATE, 50)); // replaces d v1 in the hold
    assertThat(sent()).containsExactly("a:v1", "b:v1", "c:v1", "x:v1");
    watermark(59);
    assertThat(digests()).isEmpty();
    watermark(60); // the hour since a:v1 is over
    assertThat(digests())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.identifier()).isEqualTo("digest:ana:" + minutes(60).getEpochSecond());
              assertThat(d.reason()).isEqualTo(NotificationDigest.RATE_LIMIT);
              assertThat(d.releasedAt()).isEqualTo(minutes(60));
              assertThat(d.items())
                  .extracting(Notification::identifier)
                  .containsExactly("a:v2", "d:v2");
            });
  }

  @Test
  void quietHoursHoldWhatIsBelowSevereUntilMorningAndDropWhatBeganAndEndedUnheard()
      throws Exception {
    subscribe(new Subscription.Pacing(10, "22:00", "07:00", "America/Sao_Paulo"));
    send(note("a", 1, MsgType.Alert, Severity.MODERATE, 0)); // 18:00: sent
    send(note("a", 2, MsgType.Update, Severity.MODERATE, 5 * 60)); // 23:00: held
    send(note("b", 1, MsgType.Alert, Severity.MODERATE, 6 * 60)); // 00:00: held
    send(note("b", 2, MsgType.Cancel, Severity.MODERATE, 7 * 60)); // b never heard: both gone
    send(note("c", 1, MsgType.Alert, Severity.EXTREME, 8 * 60)); // 02:00: at once
    send(note("a", 3, MsgType.Cancel, Severity.MODERATE, 9 * 60)); // 03:00: a was heard: kept
    assertThat(sent()).containsExactly("a:v1", "c:v1");
    watermark(13 * 60 - 1); // 06:59
    assertThat(digests()).isEmpty();
    watermark(13 * 60); // 07:00 in Rio
    assertThat(digests())
        .extracting(NotificationDigest::reason, d -> d.items().size())
        .containsExactly(tuple(NotificationDigest.QUIET_HOURS, 1));
    assertThat(digests().get(0).items())
        .extracting(Notification::identifier)
        .containsExactly("a:v3");
    // after the night, messages flow again
    send(note("d", 1, MsgType.Alert, Severity.MODERATE, 13 * 60 + 5));
    assertThat(sent()).containsExactly("a:v1", "c:v1", "d:v1");
  }

  @Test
  void aMessageAfterTheHoldEndsReleasesItFirstEvenBeforeTheWatermarkGetsThere() throws Exception {
    subscribe(new Subscription.Pacing(null, "22:00", "07:00", "America/Sao_Paulo"));
    send(note("a", 1, MsgType.Alert, Severity.MODERATE, 5 * 60)); // 23:00: held
    send(note("b", 1, MsgType.Alert, Severity.MODERATE, 13 * 60 + 1)); // 07:01, watermark behind
    assertThat(digests())
        .extracting(NotificationDigest::releasedAt)
        .containsExactly(minutes(13 * 60));
    assertThat(sent()).containsExactly("b:v1");
  }

  @Test
  void unsubscribingDropsTheHoldAndEverythingIsForgottenWhenTheHourPasses() throws Exception {
    send(note("a", 1, MsgType.Alert, Severity.MODERATE, 0));
    send(note("a", 2, MsgType.Cancel, Severity.MODERATE, 1));
    watermark(60);
    assertThat(harness.numKeyedStateEntries()).isPositive(); // 1 is still within the hour
    watermark(61);
    assertThat(harness.numKeyedStateEntries()).isZero();
    subscribe(new Subscription.Pacing(1, null, null, null));
    send(note("b", 1, MsgType.Alert, Severity.MODERATE, 70));
    send(note("c", 1, MsgType.Alert, Severity.MODERATE, 75)); // over 1 an hour: held
    harness.processElement2(
        new Subscription("ana", List.of(), List.of(), false, minutes(80)),
        minutes(80).toEpochMilli());
    watermark(24 * 60);
    assertThat(digests()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void afterARestoreTheDigestIsTheSameBytes() throws Exception {
    send(note("a", 1, MsgType.Alert, Severity.MODERATE, 0));
    send(note("b", 1, MsgType.Alert, Severity.MODERATE, 1));
    send(note("c", 1, MsgType.Alert, Severity.MODERATE, 2));
    send(note("d", 1, MsgType.Alert, Severity.MODERATE, 3));
    OperatorSubtaskState snapshot = harness.snapshot(1, minutes(3).toEpochMilli());
    send(note("e", 1, MsgType.Alert, Severity.MODERATE, 4));
    watermark(60);
    String first = EventJson.writeString(digests().get(0));
    harness.close();

    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator<>(
                new NotificationPacer(3)),
            PacedNotification::residentId,
            Subscription::residentId,
            Types.STRING);
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    send(note("e", 1, MsgType.Alert, Severity.MODERATE, 4)); // replayed after the restore
    watermark(60);
    assertThat(EventJson.writeString(digests().get(0))).isEqualTo(first).contains("d:v1", "e:v1");
  }

  @Test
  void quietHoursAreLocalAndMayCrossMidnightOrNot() {
    var night = new Subscription.Pacing(null, "22:00", "07:00", "America/Sao_Paulo");
    var lunch = new Subscription.Pacing(null, "12:00", "14:00", "America/Sao_Paulo");
    Instant at2230 = Instant.parse("2026-03-11T01:30:00Z"); // 22:30 in Rio
    assertThat(NotificationPacer.quietEnd(night, at2230)).isEqualTo("2026-03-11T10:00:00Z");
    assertThat(NotificationPacer.quietEnd(night, Instant.parse("2026-03-11T09:59:00Z")))
        .isEqualTo("2026-03-11T10:00:00Z");
    assertThat(NotificationPacer.quietEnd(night, Instant.parse("2026-03-11T10:00:00Z"))).isNull();
    assertThat(NotificationPacer.quietEnd(lunch, Instant.parse("2026-03-11T15:30:00Z")))
        .isEqualTo("2026-03-11T17:00:00Z");
    assertThat(NotificationPacer.quietEnd(lunch, at2230)).isNull();
    assertThat(NotificationPacer.quietEnd(null, at2230)).isNull();
  }
}
