package org.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The peek at a reading's kind must never disagree with the full parse: whenever {@link
 * EventJson#readReading} takes a record, the peek names the kind it read, whatever the field order,
 * spacing, unknown fields or nesting before the kind. Where the full parse refuses, the peek may
 * say anything (the consumer that reads every kind refuses the record).
 */
class ReadingKindPeekTest {
  private static final Instant T = Instant.parse("2019-02-06T21:15:00Z");
  private static final GeoPoint AT = new GeoPoint(-23.008, -43.299);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Reading> everyKind() {
    return List.of(
        Reading.rain("g", T, AT, 12.4),
        Reading.waterLevel("r", T, AT, 1.5),
        Reading.temperature("w", T, AT, 31.0),
        Reading.trafficLoop("loop-1", T, AT, 42.0, 60.0, 25.0));
  }

  @Test
  void eachKindAsTheJobsWriteItIsPeekedAsItself() {
    for (Reading r : everyKind()) {
      assertThat(ReadingKindPeek.of(EventJson.write(r))).as(r.sensorId()).isEqualTo(r.kind());
    }
  }

  @Test
  void onlyTheTopLevelKindCounts() {
    assertThat(
            ReadingKindPeek.of(
                utf8(
                    "{\"extra\":{\"kind\":\"weather\",\"deep\":[{\"kind\":\"rain_gauge\"}]},"
                        + "\"sensorId\":\"x\",\"kind\":\"traffic_loop\"}")))
        .isEqualTo(SensorKind.TRAFFIC_LOOP);
    assertThat(ReadingKindPeek.of(utf8("{\"extra\":{\"kind\":\"weather\"},\"sensorId\":\"x\"}")))
        .isNull();
  }

  @Test
  void whatCannotBeToldIsNull() {
    List<String> unreadable =
        List.of(
            "",
            "null",
            "[]",
            "\"rain_gauge\"",
            "42",
            "{",
            "{\"sensorId\":\"x\"",
            "{\"sensorId\": not json, \"kind\":\"rain_gauge\"}",
            "{\"kind\":\"RAIN_GAUGE\"}",
            "{\"kind\":\"rain gauge\"}",
            "{\"kind\":\" rain_gauge\"}",
            "{\"kind\":\"rain_gauge\\n\"}",
            "{\"kind\":\"tsunami_buoy\"}",
            "{\"kind\":2}",
            "{\"kind\":null}",
            "{\"kind\":[\"rain_gauge\"]}",
            "{\"kind\":{\"is\":\"rain_gauge\"}}",
            "{\"a\":" + "[".repeat(EventJson.MAX_NESTING_DEPTH + 5) + "]}");
    for (String json : unreadable) {
      assertThat(ReadingKindPeek.of(utf8(json))).as(json).isNull();
    }
    assertThat(ReadingKindPeek.of(null)).isNull();
  }

  @Test
  void aSecondKindIsNotReadHereAndTheFullParseRefusesIt() {
    byte[] twice =
        utf8(
            "{\"sensorId\":\"g\",\"kind\":\"rain_gauge\",\"kind\":\"traffic_loop\","
                + "\"time\":\"2019-02-06T21:15:00Z\",\"location\":{\"lat\":-23.0,\"lon\":-43.3},"
                + "\"rainMm\":1.0,\"quality\":\"ok\"}");
    assertThat(ReadingKindPeek.of(twice)).isEqualTo(SensorKind.RAIN_GAUGE);
    assertThatThrownBy(() -> EventJson.readReading(twice)).hasMessageContaining("kind");
  }

  /**
   * Random rewrites of valid readings: fields shuffled, unknown fields (objects, arrays, strings
   * with quotes and braces) put before the kind, spacing added, and now and then one field broken
   * or one string value padded with a blank inside its quotes (Jackson would trim an enum's). Every
   * rewrite the full parse takes must be peeked as its kind.
   */
  @Test
  void wheneverTheFullParseTakesARecordThePeekNamesItsKind() {
    Random random = new Random(20261130);
    int taken = 0;
    for (int i = 0; i < 5_000; i++) {
      Reading original = everyKind().get(random.nextInt(4));
      String json = rewrite(original, random);
      Reading parsed;
      try {
        parsed = EventJson.readReading(utf8(json));
      } catch (RuntimeException refused) {
        continue;
      }
      taken++;
      assertThat(ReadingKindPeek.of(utf8(json))).as(json).isEqualTo(parsed.kind());
    }
    assertThat(taken).as("rewrites the full parse took").isGreaterThan(2_000);
  }

  private static String rewrite(Reading reading, Random random) {
    ObjectNode tree = EventJson.mapper().valueToTree(reading);
    List<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = new ArrayList<>();
    tree.fields().forEachRemaining(fields::add);
    for (int extra = random.nextInt(3); extra > 0; extra--) {
      fields.add(Map.entry("x" + random.nextInt(1000), noise(random)));
    }
    Collections.shuffle(fields, random);
    StringBuilder out = new StringBuilder("{");
    for (int f = 0; f < fields.size(); f++) {
      var field = fields.get(f);
      String value = field.getValue().toString();
      if (random.nextInt(40) == 0) {
        value = "\"" + value.replace("\"", "") + "\""; // a number or object as a string: broken
      } else if (value.startsWith("\"") && random.nextInt(20) == 0) {
        value =
            random.nextBoolean()
                ? "\" " + value.substring(1)
                : value.replaceFirst("\"$", "\\\\t\"");
      }
      out.append(f == 0 ? "" : ",")
          .append(" ".repeat(random.nextInt(3)))
          .append('"')
          .append(field.getKey())
          .append("\":")
          .append(" ".repeat(random.nextInt(3)))
          .append(value);
    }
    return out.append("}").toString();
  }

  private static com.fasterxml.jackson.databind.JsonNode noise(Random random) {
    ObjectNode node = EventJson.mapper().createObjectNode();
    switch (random.nextInt(3)) {
      case 0 -> node.put("kind", "weather").putArray("list").add("}{\"kind\":").add(3);
      case 1 -> node.putObject("nested").put("kind", "rain_gauge").put("s", "a \"quoted\" }");
      default -> {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf("{\"kind\":\"weather\"}");
      }
    }
    return node;
  }
}
