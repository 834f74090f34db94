package org.cityops.ingestion.alertario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.cityops.events.EventJson;

/**
 * Reads one snapshot of Alerta Rio's live rain feed: a JSON array of stations (or an object holding
 * it under {@code objects} or {@code estacoes}), each with its name ({@code nome} or {@code name}),
 * the time of the values ({@code hora}, {@code read_at} or {@code data}) and the 15-minute value
 * and rolling sums {@code m15}, {@code h01}, {@code h04}, {@code h24}, {@code h96} in mm, where
 * {@code -99.99} marks a missing value.
 *
 * <p>Times with an offset are taken as given; local times without one are Rio time ({@code
 * America/Sao_Paulo}), which is ambiguous in the hour repeated when daylight saving time ended (the
 * feed, unlike the archive, has no HBV column): the earlier instant is taken and the row says so in
 * {@link Result#problems}. Rows come out in UTC as {@link AlertaRioRow}s keyed by the station's
 * archive key, so {@link AlertaRioReadings#toReading} makes the same readings as from the archive.
 * A station not in {@code rain-gauges.json}, a negative value other than the marker, a value over
 * the plausible bound or a bad time refuses that station's row, with the reason, never the whole
 * snapshot.
 */
public final class AlertaRioLiveFeed {
  /** The feed's missing-value marker. */
  public static final double MISSING = -99.99;

  /** No gauge collects this much in 96 h; a larger number is a fault, not rain. */
  public static final double MAX_PLAUSIBLE_MM = 2_000;

  private static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private AlertaRioLiveFeed() {}

  /** The rows read, and for each refused row or doubtful time a line saying why. */
  public record Result(List<AlertaRioRow> rows, List<String> problems) {}

  /** A snapshot larger than this is refused whole: 33 stations take about 5 KB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /**
   * @throws IllegalArgumentException when the snapshot is not JSON, too large, or has no list of
   *     stations
   */
  public static Result parse(byte[] json, AlertaRioStations stations) {
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "live feed snapshot of " + json.length + " bytes exceeds " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = EventJson.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("live feed snapshot is not JSON: " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.isArray() ? root : root.get("objects");
    if (list == null && root != null) {
      list = root.get("estacoes");
    }
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          "live feed snapshot holds no list of stations (an array, or 'objects' or 'estacoes')");
    }
    List<AlertaRioRow> rows = new ArrayList<>(list.size());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode station = list.get(i);
      String name = text(station, "nome", "name");
      String where = "station " + i + (name == null ? "" : " (" + name + ")");
      try {
        if (name == null) {
          throw new IllegalArgumentException("has no name");
        }
        // the same key as the archive's file names, so live and archived readings are one sensor
        String key = AlertaRioStations.normalize(name);
        stations.forKey(key); // known gauges only
        Instant time = time(text(station, "hora", "read_at", "data"), where, problems);
        rows.add(
            new AlertaRioRow(
                key,
                time,
                mm(station, "m15"),
                mm(station, "h01"),
                mm(station, "h04"),
                mm(station, "h24"),
                mm(station, "h96")));
      } catch (IllegalArgumentException e) {
        problems.add(where + " refused: " + e.getMessage());
      }
    }
    return new Result(rows, problems);
  }

  private static String text(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText().strip();
      }
    }
    return null;
  }

  private static Instant time(String text, String where, List<String> problems) {
    if (text == null) {
      throw new IllegalArgumentException("has no time (hora, read_at or data)");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      LocalDateTime local;
      try {
        local = LocalDateTime.parse(text.replace('T', ' '), LOCAL);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "time '" + text + "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss");
      }
      var offsets = RIO.getRules().getValidOffsets(local);
      if (offsets.size() > 1) {
        problems.add(
            where
                + ": local time "
                + text
                + " is ambiguous (clocks went back); took the earlier instant");
      }
      return local.atZone(RIO).withEarlierOffsetAtOverlap().toInstant();
    }
  }

  /** A value in mm, null for the missing marker or an absent field. */
  private static Double mm(JsonNode station, String field) {
    JsonNode value = station.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    double mm;
    if (value.isNumber()) {
      mm = value.asDouble();
    } else if (value.isTextual()) {
      try {
        mm = Double.parseDouble(value.asText().strip().replace(',', '.'));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + " '" + value.asText() + "' is not a number");
      }
    } else {
      throw new IllegalArgumentException(field + " is not a number");
    }
    if (Math.abs(mm - MISSING) < 1e-9) {
      return null;
    }
    if (!Double.isFinite(mm) || mm < 0 || mm > MAX_PLAUSIBLE_MM) {
      throw new IllegalArgumentException(field + " " + mm + " mm is out of range");
    }
    return mm + 0.0; // "-0.0" is no rain, not a negative value: written as 0.0 (found by fuzzing)
  }
}
