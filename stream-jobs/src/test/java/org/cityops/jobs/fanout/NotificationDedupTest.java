package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.CapAlert;
import org.cityops.events.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationDedupTest {
  private KeyedOneInputStreamOperatorTestHarness<String, ResidentAlert, PacedNotification> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new NotificationDedup(), ResidentAlert::residentId, Types.STRING);
  }

  private List<Notification> notifications() {
    return harness.extractOutputValues().stream().map(PacedNotification::notification).toList();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void oneNotificationPerMessageHoweverManyCellsAndPlacesBringItTheCancelIncluded()
      throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    for (CapAlert a : List.of(rain.get(0), rain.get(0), rain.get(1), rain.get(0), rain.get(1))) {
      harness.processElement(new ResidentAlert("ana", a, "home"), 0);
      harness.processElement(new ResidentAlert("ana", a, "work"), 0);
    }
    assertThat(notifications())
        .extracting(Notification::identifier)
        .containsExactly("heavy_rain:barrinha:1:v1", "heavy_rain:barrinha:1:v2");
    assertThat(notifications().get(0).place()).isEqualTo("home");
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // the sent messages of ana

    harness.processElement(new ResidentAlert("ana", rain.get(2), "home"), 0);
    harness.processElement(new ResidentAlert("ana", rain.get(2), "work"), 0); // another cell's
    assertThat(notifications())
        .extracting(Notification::msgType)
        .containsExactly(CapAlert.MsgType.Alert, CapAlert.MsgType.Update, CapAlert.MsgType.Cancel);
  }

  @Test
  void anOlderMessageComingLateThroughAnotherCellIsNotSentAfterANewerOne() throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    // cell A brings Alert, Update and Cancel; cell B, slower, brings the Alert and Update after
    for (CapAlert a : List.of(rain.get(0), rain.get(1), rain.get(2), rain.get(0), rain.get(1))) {
      harness.processElement(new ResidentAlert("ana", a, "home"), 0);
    }
    assertThat(notifications())
        .extracting(Notification::msgType)
        .containsExactly(CapAlert.MsgType.Alert, CapAlert.MsgType.Update, CapAlert.MsgType.Cancel);
  }

  @Test
  void afterARestoreFromACheckpointReplayedMessagesAreNotSentAgainAndNothingDiffers()
      throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    harness.processElement(new ResidentAlert("ana", rain.get(0), "home"), 0);
    var snapshot = harness.snapshot(1, 1);
    harness.processElement(new ResidentAlert("ana", rain.get(1), "home"), 0);
    List<byte[]> uninterrupted =
        notifications().stream().map(org.cityops.events.EventJson::write).toList();
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                new NotificationDedup()),
            ResidentAlert::residentId,
            Types.STRING);
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    // the sources rewind to the checkpoint: both messages come again, from two cells each
    for (CapAlert a : List.of(rain.get(0), rain.get(1))) {
      harness.processElement(new ResidentAlert("ana", a, "home"), 0);
      harness.processElement(new ResidentAlert("ana", a, "home"), 0);
    }
    List<byte[]> afterRestore =
        notifications().stream().map(org.cityops.events.EventJson::write).toList();
    // v1 was sent before the checkpoint: not again; v2 was not: sent once, the same bytes
    assertThat(afterRestore).hasSize(1);
    assertThat(afterRestore.get(0)).isEqualTo(uninterrupted.get(1));
  }
}
