package org.cityops.ingestion.alertario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.cityops.embedded.SharedData;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertaRioLiveFeedTest {
  private static AlertaRioStations stations;

  @BeforeAll
  static void load() throws Exception {
    stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
  }

  private static AlertaRioLiveFeed.Result parse(String json) {
    return AlertaRioLiveFeed.parse(json.getBytes(StandardCharsets.UTF_8), stations);
  }

  @Test
  void readsTheSnapshotInUtcWithTheMarkerAsMissing() {
    // the evening of 6 February 2019, in summer time (UTC-2), as the feed publishes it
    AlertaRioLiveFeed.Result result =
        parse(
            """
            {"objects": [
              {"nome": "Alto da Boa Vista", "hora": "2019-02-06 22:15:00",
               "m15": 24.2, "h01": 83.0, "h04": 97.4, "h24": 101.0, "h96": 110.8},
              {"nome": "Rocinha", "hora": "2019-02-06T22:15:00-02:00",
               "m15": -99.99, "h01": -99.99, "h04": 40.2, "h24": "55,4", "h96": 60.0}
            ]}
            """);
    assertThat(result.problems()).isEmpty();
    assertThat(result.rows())
        .containsExactly(
            new AlertaRioRow(
                "alto_da_boa_vista",
                Instant.parse("2019-02-07T00:15:00Z"),
                24.2,
                83.0,
                97.4,
                101.0,
                110.8),
            new AlertaRioRow(
                "rocinha", Instant.parse("2019-02-07T00:15:00Z"), null, null, 40.2, 55.4, 60.0));
    Reading missing =
        AlertaRioReadings.toReading(result.rows().get(1), stations.forKey("rocinha").location());
    assertThat(missing.quality()).isEqualTo(Quality.MISSING);
    assertThat(missing.rainMm()).isNull();
  }

  @Test
  void theRepeatedHourOfTheClockChangeIsTakenEarlierAndSaidSo() {
    AlertaRioLiveFeed.Result result =
        parse("[{\"nome\": \"Urca\", \"hora\": \"2019-02-16 23:30:00\", \"m15\": 0.0}]");
    // 23:30 summer time (UTC-2), the first of the two
    assertThat(result.rows().get(0).time()).isEqualTo(Instant.parse("2019-02-17T01:30:00Z"));
    assertThat(result.problems()).singleElement().asString().contains("ambiguous");
  }

  @Test
  void badStationsAreRefusedOneByOneWithTheReason() {
    AlertaRioLiveFeed.Result result =
        parse(
            """
            [{"nome": "Atlantis", "hora": "2019-02-06 22:15:00", "m15": 1.0},
             {"nome": "Urca", "hora": "2019-02-06 22:15:00", "m15": -3.0},
             {"nome": "Vidigal", "hora": "2019-02-06 22:15:00", "m15": 99999},
             {"nome": "Tijuca", "hora": "yesterday", "m15": 1.0},
             {"nome": "Penha", "m15": 1.0},
             {"hora": "2019-02-06 22:15:00", "m15": 1.0},
             {"nome": "Saúde", "hora": "2019-02-06 22:15:00", "m15": "lots"},
             {"nome": "Copacabana", "hora": "2019-02-06 22:15:00", "m15": 0.2}]
            """);
    assertThat(result.rows()).extracting(AlertaRioRow::station).containsExactly("copacabana");
    assertThat(result.problems())
        .hasSize(7)
        .anySatisfy(p -> assertThat(p).contains("Atlantis").contains("matches 0 gauges"))
        .anySatisfy(p -> assertThat(p).contains("Urca").contains("m15 -3.0 mm is out of range"))
        .anySatisfy(p -> assertThat(p).contains("Vidigal").contains("out of range"))
        .anySatisfy(p -> assertThat(p).contains("Tijuca").contains("time 'yesterday'"))
        .anySatisfy(p -> assertThat(p).contains("Penha").contains("has no time"))
        .anySatisfy(p -> assertThat(p).contains("station 5 refused: has no name"))
        .anySatisfy(p -> assertThat(p).contains("Saúde").contains("'lots' is not a number"));
  }

  @Test
  void aSnapshotThatIsNotAListOfStationsIsRefusedWhole() {
    assertThatThrownBy(() -> parse("{\"nome\": \"Urca\"")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> parse("{\"stations\": []}")).hasMessageContaining("no list");
    assertThatThrownBy(() -> parse("[".repeat(5_000) + "]".repeat(5_000)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AlertaRioLiveFeed.parse(new byte[AlertaRioLiveFeed.MAX_BYTES + 1], stations))
        .hasMessageContaining("exceeds");
  }
}
