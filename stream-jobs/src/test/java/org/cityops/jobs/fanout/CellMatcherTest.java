package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.fanout.FanOutFixtures.BARRINHA;
import static org.cityops.jobs.fanout.FanOutFixtures.COPACABANA;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.CapAlert;
import org.cityops.events.CellWarnings;
import org.cityops.events.IncidentType;
import org.cityops.events.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CellMatcherTest {
  private static final String CELL = new CellCover().cellOf(BARRINHA);
  private KeyedTwoInputStreamOperatorTestHarness<
          String, AlertInCell, SubscriptionInCell, ResidentAlert>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new CellMatcher(), AlertInCell::cell, SubscriptionInCell::cell, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void alert(CapAlert a) throws Exception {
    harness.processElement1(new AlertInCell(CELL, a, a.msgType() != CapAlert.MsgType.Cancel), 0);
  }

  private void subscribe(Subscription s) throws Exception {
    harness.processElement2(new SubscriptionInCell(CELL, s, s.active()), 0);
  }

  private List<String> matched() {
    return harness.extractOutputValues().stream()
        .map(r -> r.residentId() + " " + r.alert().identifier())
        .toList();
  }

  /** The identifiers in the cell's last retained list of warnings in force. */
  private List<String> lastRetainedList() {
    List<CellWarnings> published = cells();
    assertThat(published).isNotEmpty();
    return published.get(published.size() - 1).warnings().stream()
        .map(CellWarnings.Warning::identifier)
        .toList();
  }

  private List<CellWarnings> cells() {
    var q = harness.getSideOutput(CellMatcher.CELL_WARNINGS);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void residentsWhosePlaceTheAreaTouchesHearOfEveryMessageOthersOfNone() throws Exception {
    subscribe(FanOutFixtures.resident("near", BARRINHA, List.of()));
    // a resident of another neighbourhood routed here by a generous cover: the exact test refuses
    subscribe(FanOutFixtures.resident("far", COPACABANA, List.of()));
    subscribe(FanOutFixtures.resident("slopes", BARRINHA, List.of(IncidentType.LANDSLIDE_RISK)));
    for (CapAlert a : FanOutFixtures.heavyRain()) {
      alert(a);
    }
    assertThat(matched())
        .containsExactly(
            "near heavy_rain:barrinha:1:v1",
            "near heavy_rain:barrinha:1:v2",
            "near heavy_rain:barrinha:1:v3");
  }

  @Test
  void theRetainedListHoldsEveryWarningInForceAndACancelRemovesOnlyItsOwn() throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    alert(rain.get(0));
    alert(FanOutFixtures.landslide().get(0));
    alert(rain.get(1));
    assertThat(lastRetainedList())
        .containsExactly("heavy_rain:barrinha:1:v2", "landslide_risk:barra:1:v1");
    alert(rain.get(2));
    assertThat(lastRetainedList()).containsExactly("landslide_risk:barra:1:v1");
  }

  @Test
  void aNewSubscriberHearsOfWhatIsInForceAndRepeatsChangeNothing() throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    alert(rain.get(0));
    alert(rain.get(1));
    alert(rain.get(0)); // at-least-once input repeats an older message
    subscribe(FanOutFixtures.resident("late", BARRINHA, List.of()));
    assertThat(matched()).containsExactly("late heavy_rain:barrinha:1:v2");
  }

  @Test
  void whenTheWarningEndsAndTheResidentLeavesTheCellKeepsNothing() throws Exception {
    Subscription s = FanOutFixtures.resident("near", BARRINHA, List.of());
    subscribe(s);
    for (CapAlert a : FanOutFixtures.heavyRain()) {
      alert(a);
    }
    subscribe(
        new Subscription("near", s.places(), s.kinds(), false, s.updatedAt().plusSeconds(60)));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(cells()).last().satisfies(c -> assertThat(c.warnings()).isEmpty());
  }

  /**
   * A savepoint from before the byte layout holds the warnings in force as text in {@code
   * warnings-in-force}: the cell's next message finds them (a new subscriber hears of them, the
   * retained list names them), and they move over, so a Cancel then ends the warning there.
   */
  @Test
  void warningsKeptAsTextByAnEarlierReleaseAreFoundAndMovedOver() throws Exception {
    List<CapAlert> rain = FanOutFixtures.heavyRain();
    CapAlert landslide = FanOutFixtures.landslide().get(0);
    var backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(CELL);
    org.apache.flink.api.common.state.MapState<String, String> earlier =
        backend.getPartitionedState(
            org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
            org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
            new org.apache.flink.api.common.state.MapStateDescriptor<>(
                "warnings-in-force", Types.STRING, Types.STRING));
    earlier.put(rain.get(1).incidentId(), org.cityops.events.EventJson.writeString(rain.get(1)));

    subscribe(FanOutFixtures.resident("late", BARRINHA, List.of()));
    assertThat(matched()).containsExactly("late heavy_rain:barrinha:1:v2");
    alert(rain.get(0)); // older than the kept version: ignored, as before the upgrade
    assertThat(cells()).isEmpty();
    alert(landslide);
    assertThat(lastRetainedList())
        .containsExactly("heavy_rain:barrinha:1:v2", "landslide_risk:barra:1:v1");
    backend.setCurrentKey(CELL);
    assertThat(earlier.isEmpty()).isTrue();

    alert(rain.get(2)); // the Cancel
    assertThat(lastRetainedList()).containsExactly("landslide_risk:barra:1:v1");
  }
}
