package org.cityops.ingestion.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.List;
import org.cityops.events.EventJson;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.MessageRouter;
import org.cityops.ingestion.bridge.Routed;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.cityops.ingestion.validate.ReadingLimits;

/**
 * Whatever arrives over MQTT, on whatever topic, the bridge's router must answer with records and
 * never throw: every message becomes at least one record, a refusal names its reason, and what it
 * lets through is valid by the contract (it reads back). One fuzz target covers every parser the
 * bridge runs: native JSON and SenML readings of each sensor kind, and residents' reports.
 *
 * <p>Plain test runs replay the saved inputs (and crashes found, once saved) from {@code
 * src/test/resources/.../MessageRouterFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (see {@code
 * ./fuzz.sh}).
 */
class MessageRouterFuzzTest {
  private static final String[] TOPICS = {
    "city/sensors/rain_gauge/",
    "city/sensors/water_level/",
    "city/sensors/traffic_loop/",
    "city/sensors/weather/",
    "city/reports/flooding",
    "city/reports/",
    "city/other/"
  };
  private static final MessageRouter ROUTER =
      MessageRouter.create(
          ReadingLimits.defaults(),
          Pseudonymizer.fromSecret("fuzzing-key-fuzzing-key"),
          org.cityops.ingestion.limit.RateLimits.defaults()); // the bridge's, limits included
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @FuzzTest(maxDuration = "30s")
  void everyMessageBecomesValidRecordsOrARefusalWithAReason(FuzzedDataProvider data) {
    String topic = data.pickValue(TOPICS) + data.consumeString(40);
    byte[] payload = data.consumeRemainingAsBytes();
    List<Routed> routed = ROUTER.route(topic, payload, NOW);
    assertThat(routed).isNotEmpty();
    for (Routed r : routed) {
      switch (r.kind()) {
        case READING -> {
          assertThat(r.topic()).isEqualTo(Topics.READINGS);
          EventJson.readReading(r.value()); // reading back checks the contract
        }
        case REPORT -> {
          assertThat(r.topic()).isEqualTo(Topics.REPORTS);
          EventJson.readReport(r.value());
        }
        case REJECTED -> {
          assertThat(r.topic()).isEqualTo(Topics.REJECTED);
          assertThat(r.reason()).isNotNull();
          assertThat(EventJson.readRejected(r.value()).reason()).isEqualTo(r.reason());
        }
      }
    }
  }
}
