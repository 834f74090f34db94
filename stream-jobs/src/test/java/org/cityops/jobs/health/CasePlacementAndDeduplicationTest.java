package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.AREAS;
import static org.cityops.jobs.health.HealthFixtures.dengue;
import static org.cityops.jobs.health.HealthFixtures.id;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.events.GeoPoint;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.junit.jupiter.api.Test;

/**
 * Notifications in: placed in their neighbourhood or refused with a reason; counted once per id,
 * revisions moving the count rather than adding to it.
 */
class CasePlacementAndDeduplicationTest {
  private static final LocalDate MARCH_4 = LocalDate.parse("2024-03-04");

  private static KeyedOneInputStreamOperatorTestHarness<String, CaseRecord, PlacedCase> placement()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new CasePlacement(AREAS.zones(), Duration.ofDays(56), HealthFixtures.RIO),
        CaseRecord::notificationId,
        Types.STRING);
  }

  @Test
  void casesArePlacedByIdOrLocationAndTheRestRefusedWithAReason() throws Exception {
    var h = placement();
    String copacabana = id("Copacabana");
    h.processElement(dengue("a", MARCH_4.minusDays(3), MARCH_4, copacabana), 0);
    // a location inside Copacabana, no id
    h.processElement(
        CaseRecord.of(
            new CaseNotification(
                "b",
                Disease.ZIKA,
                CaseNotification.Status.CONFIRMED,
                MARCH_4.minusDays(1),
                HealthFixtures.noon(MARCH_4),
                null,
                new GeoPoint(-22.9711, -43.1863),
                2,
                "cms-1")),
        0);
    h.processElement(dengue("c", MARCH_4, MARCH_4, "9999"), 0);
    h.processElement(
        CaseRecord.of(
            new CaseNotification(
                "d",
                Disease.DENGUE,
                CaseNotification.Status.SUSPECTED,
                MARCH_4,
                HealthFixtures.noon(MARCH_4),
                null,
                new GeoPoint(-23.5, -46.6), // São Paulo
                1,
                null)),
        0);
    h.processElement(dengue("e", MARCH_4.plusDays(2), MARCH_4, copacabana), 0);
    h.processElement(dengue("f", MARCH_4.minusDays(57), MARCH_4, copacabana), 0);
    h.processElement(dengue("h", LocalDate.of(99_999, 1, 1), MARCH_4, copacabana), 0);
    h.processElement(dengue("g", MARCH_4.minusDays(56), MARCH_4, copacabana), 0);
    assertThat(h.extractOutputValues())
        .extracting(PlacedCase::id, PlacedCase::neighbourhood)
        .containsExactly(
            Tuple.tuple("a", copacabana),
            Tuple.tuple("b", copacabana),
            Tuple.tuple("g", copacabana));
    List<Rejected> rejected =
        h.getSideOutput(CasePlacement.REJECTED).stream().map(r -> r.getValue()).toList();
    assertThat(rejected)
        .extracting(Rejected::source, Rejected::reason)
        .containsExactly(
            Tuple.tuple("city.cases:c", RejectReason.UNKNOWN_AREA),
            Tuple.tuple("city.cases:d", RejectReason.UNKNOWN_AREA),
            Tuple.tuple("city.cases:e", RejectReason.FUTURE_TIME),
            Tuple.tuple("city.cases:f", RejectReason.LATE),
            Tuple.tuple("city.cases:h", RejectReason.FUTURE_TIME));
    assertThat(rejected.get(0).detail()).contains("9999");
    assertThat(rejected.get(2).detail()).contains("2024-03-06").contains("2024-03-04");
    h.close();
  }

  @Test
  void unparseableNegativeAndOversizedNotificationsAreRefusedAtTheSource() {
    assertThat(
            ParsedCase.parse("{not json".getBytes(StandardCharsets.UTF_8), 5).rejected().reason())
        .isEqualTo(RejectReason.MALFORMED);
    String negative =
        "{\"notificationId\":\"n\",\"disease\":\"dengue\",\"status\":\"suspected\","
            + "\"symptomsOnset\":\"2024-03-01\",\"notifiedAt\":\"2024-03-04T12:00:00Z\","
            + "\"neighbourhood\":\"24\",\"cases\":-2}";
    ParsedCase parsed = ParsedCase.parse(negative.getBytes(StandardCharsets.UTF_8), 5);
    assertThat(parsed.rejected().reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(parsed.rejected().detail()).contains("cases").contains("-2");
    String noPlace = negative.replace(",\"neighbourhood\":\"24\",\"cases\":-2", "");
    assertThat(ParsedCase.parse(noPlace.getBytes(StandardCharsets.UTF_8), 5).rejected().reason())
        .isEqualTo(RejectReason.INVALID_FIELD);
    String fromTheFuture =
        negative.replace("\"cases\":-2", "\"cases\":1").replace("2024-03-04T12", "3024-03-04T12");
    ParsedCase future = ParsedCase.parse(fromTheFuture.getBytes(StandardCharsets.UTF_8), 5);
    assertThat(future.rejected().reason()).isEqualTo(RejectReason.FUTURE_TIME);
    assertThat(future.rejected().detail()).contains("3024");
    assertThat(
            ParsedCase.parse(
                    ("{\"x\":\"" + "a".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                    5)
                .rejected()
                .reason())
        .isEqualTo(RejectReason.MALFORMED);
    assertThat(
            ParsedCase.parse(negative.replace("-2", "3").getBytes(StandardCharsets.UTF_8), 5)
                .notification()
                .cases())
        .isEqualTo(3);
  }

  @Test
  void aVersionOlderThanTheOneCountedChangesNothing() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, PlacedCase, CaseDelta> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CaseDeduplication(Duration.ofDays(63)), PlacedCase::id, Types.STRING);
    String copacabana = id("Copacabana");
    // the discard overtakes the first report (two partitions, a rebalanced source)
    CaseNotification discarded =
        new CaseNotification(
            "n2",
            Disease.DENGUE,
            CaseNotification.Status.DISCARDED,
            MARCH_4.minusDays(3),
            HealthFixtures.noon(MARCH_4.plusDays(9)),
            copacabana,
            null,
            1,
            null);
    h.processElement(new PlacedCase(CaseRecord.of(discarded), copacabana), 1);
    h.processElement(
        new PlacedCase(dengue("n2", MARCH_4.minusDays(3), MARCH_4, copacabana), copacabana), 2);
    assertThat(h.extractOutputValues()).as("a discarded case never counts").isEmpty();
    assertThat(h.getSideOutput(CaseDeduplication.DUPLICATES))
        .singleElement()
        .satisfies(r -> assertThat(r.getValue().detail()).contains("superseded"));
    h.close();
  }

  @Test
  void eachIdCountsOnceAndRevisionsMoveTheCount() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, PlacedCase, CaseDelta> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CaseDeduplication(Duration.ofDays(63)), PlacedCase::id, Types.STRING);
    String copacabana = id("Copacabana");
    String leme = id("Leme");
    PlacedCase first =
        new PlacedCase(dengue("n1", MARCH_4.minusDays(3), MARCH_4, copacabana), copacabana);
    h.processElement(first, 1);
    h.processElement(first, 2); // the same notification delivered again
    // confirmed, another day: the count moves, it does not grow
    CaseNotification confirmed =
        new CaseNotification(
            "n1",
            Disease.DENGUE,
            CaseNotification.Status.CONFIRMED,
            MARCH_4.minusDays(4),
            HealthFixtures.noon(MARCH_4.plusDays(10)),
            copacabana,
            null,
            1,
            null);
    h.processElement(new PlacedCase(CaseRecord.of(confirmed), copacabana), 3);
    // moved to Leme by a correction, then discarded
    CaseNotification moved =
        new CaseNotification(
            "n1",
            Disease.DENGUE,
            CaseNotification.Status.CONFIRMED,
            MARCH_4.minusDays(4),
            HealthFixtures.noon(MARCH_4.plusDays(11)),
            leme,
            null,
            1,
            null);
    h.processElement(new PlacedCase(CaseRecord.of(moved), leme), 4);
    CaseNotification discarded =
        new CaseNotification(
            "n1",
            Disease.DENGUE,
            CaseNotification.Status.DISCARDED,
            MARCH_4.minusDays(4),
            HealthFixtures.noon(MARCH_4.plusDays(12)),
            leme,
            null,
            1,
            null);
    h.processElement(new PlacedCase(CaseRecord.of(discarded), leme), 5);
    assertThat(h.extractOutputValues())
        .extracting(
            CaseDelta::neighbourhood, CaseDelta::onset, CaseDelta::delta, CaseDelta::arrival)
        .containsExactly(
            Tuple.tuple(copacabana, MARCH_4.minusDays(3), 1, true),
            Tuple.tuple(copacabana, MARCH_4.minusDays(3), -1, false),
            Tuple.tuple(copacabana, MARCH_4.minusDays(4), 1, false),
            Tuple.tuple(copacabana, MARCH_4.minusDays(4), -1, false),
            Tuple.tuple(leme, MARCH_4.minusDays(4), 1, false),
            Tuple.tuple(leme, MARCH_4.minusDays(4), -1, false));
    int net = h.extractOutputValues().stream().mapToInt(CaseDelta::delta).sum();
    assertThat(net).as("a discarded case counts nothing").isZero();
    assertThat(h.getSideOutput(CaseDeduplication.DUPLICATES))
        .extracting(r -> r.getValue().reason())
        .containsExactly(RejectReason.DUPLICATE);
    // the id is remembered until well after its last version, then forgotten
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    h.processWatermark(
        HealthFixtures.noon(MARCH_4.plusDays(12)).toEpochMilli() + Duration.ofDays(63).toMillis());
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }
}
