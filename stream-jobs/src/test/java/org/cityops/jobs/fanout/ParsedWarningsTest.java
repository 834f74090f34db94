package org.cityops.jobs.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cityops.events.CapAlert;
import org.cityops.events.EventJson;
import org.junit.jupiter.api.Test;

class ParsedWarningsTest {
  private static final List<CapAlert> HEAVY_RAIN = FanOutFixtures.heavyRain();
  private static final CapAlert LANDSLIDE = FanOutFixtures.landslide().get(0);

  private static String id(CapAlert a) {
    return a.incidentId();
  }

  @Test
  void theSameBytesAreParsedOnceWhetherTheSameArrayOrACopy() {
    ParsedWarnings parsed = new ParsedWarnings(8);
    CapAlert first = HEAVY_RAIN.get(0);
    byte[] json = EventJson.write(first);

    assertThat(parsed.read(id(first), json)).isEqualTo(first);
    assertThat(parsed.read(id(first), json)).isEqualTo(first);
    // the heap state backend copies a cell's arrays after a checkpoint: equal bytes, new array
    assertThat(parsed.read(id(first), json.clone())).isEqualTo(first);
    assertThat(parsed.parses()).isEqualTo(1);
  }

  @Test
  void aNewVersionOfTheIncidentIsReadNeverTheOneKept() {
    ParsedWarnings parsed = new ParsedWarnings(8);
    CapAlert v1 = HEAVY_RAIN.get(0);
    CapAlert v2 = HEAVY_RAIN.get(1);
    assertThat(id(v1)).isEqualTo(id(v2));
    byte[] v1Json = EventJson.write(v1);
    byte[] v2Json = EventJson.write(v2);

    assertThat(parsed.read(id(v1), v1Json).incidentVersion()).isEqualTo(1);
    assertThat(parsed.read(id(v2), v2Json).incidentVersion()).isEqualTo(2);
    // cells that the new version has not reached yet still hold the old one: read as it is
    assertThat(parsed.read(id(v1), v1Json).incidentVersion()).isEqualTo(1);
    assertThat(parsed.read(id(v2), v2Json)).isEqualTo(v2);
    assertThat(parsed.parses()).isEqualTo(4);
  }

  @Test
  void bytesOfTheSameLengthThatDifferAreParsedAgain() {
    ParsedWarnings parsed = new ParsedWarnings(8);
    CapAlert v1 = HEAVY_RAIN.get(0);
    byte[] json = EventJson.write(v1);
    parsed.read(id(v1), json);
    String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
    String headline = v1.info().get(0).headline();
    String changed = headline.substring(0, headline.length() - 1) + "!";
    byte[] other =
        text.replace(headline, changed).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(other).hasSameSizeAs(json).isNotEqualTo(json);

    assertThat(parsed.read(id(v1), other).info().get(0).headline()).isEqualTo(changed);
    assertThat(parsed.parses()).isEqualTo(2);
  }

  @Test
  void theLeastRecentlyUsedIncidentIsDroppedFirst() {
    ParsedWarnings parsed = new ParsedWarnings(1);
    CapAlert rain = HEAVY_RAIN.get(0);
    byte[] rainJson = EventJson.write(rain);
    byte[] landslideJson = EventJson.write(LANDSLIDE);

    parsed.read(id(rain), rainJson);
    parsed.read(id(LANDSLIDE), landslideJson);
    assertThat(parsed.read(id(rain), rainJson)).isEqualTo(rain);
    assertThat(parsed.parses()).isEqualTo(3);
  }

  @Test
  void refusesNoRoom() {
    assertThatThrownBy(() -> new ParsedWarnings(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
