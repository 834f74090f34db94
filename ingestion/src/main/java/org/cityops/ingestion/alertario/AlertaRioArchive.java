package org.cityops.ingestion.alertario;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Alerta Rio's archive export: one CSV per gauge and month, header {@code Dia,Hora,HBV,15
 * min,01 h,04 h,24 h,96 h}, a blank line between rows, local date and time.
 *
 * <p>Local time becomes UTC as Alerta Rio wrote it: the {@code HBV} column marks rows in Brazilian
 * summer time (UTC-2), the others are standard time (UTC-3). That is what tells apart the two
 * copies of the hour repeated when summer time ended (16 to 17 February 2019). A row with every
 * value missing often lacks its HBV mark too; its offset then comes from the time-zone rules of
 * America/Sao_Paulo, so a gap is not mistaken for an hour later. Seconds other than zero (older
 * exports) are rounded to the nearest minute. {@code nan} is a missing value, kept as null, and so
 * are trailing fields a row was cut short of.
 */
public final class AlertaRioArchive {
  private static final String HEADER = "Dia,Hora,HBV,15 min,01 h,04 h,24 h,96 h";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("dd/MM/uuuu")
          .withResolverStyle(java.time.format.ResolverStyle.STRICT);
  private static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");
  private static final ZoneOffset SUMMER = ZoneOffset.ofHours(-2);
  private static final ZoneOffset STANDARD = ZoneOffset.ofHours(-3);
  private static final Pattern DAY_TEXT = Pattern.compile("\\d{2}/\\d{2}/\\d{4}");
  private static final Pattern MILLIMETRES = Pattern.compile("\\d{1,6}(\\.\\d{1,6})?");
  private static final Pattern FILE_NAME = Pattern.compile("(.+)_(\\d{6})_Plv\\.csv");

  private AlertaRioArchive() {}

  /**
   * The station key of an export file: {@code alto_da_boa_vista_201902_Plv.csv} → {@code
   * alto_da_boa_vista}.
   */
  public static String stationOf(Path file) {
    Matcher m = FILE_NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          file + " is not named like an Alerta Rio export (<station>_<yyyymm>_Plv.csv)");
    }
    return m.group(1);
  }

  /** All rows of one export file, in file order. */
  public static List<AlertaRioRow> read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(stationOf(file), in, file.toString());
    }
  }

  /**
   * All rows of one export read from {@code in}, in order; the first bad line refuses the whole
   * export with an {@code IOException} naming {@code source}, the line number and why (a replay of
   * half a month would pass for a dry fortnight).
   */
  public static List<AlertaRioRow> read(String station, BufferedReader in, String source)
      throws IOException {
    List<AlertaRioRow> rows = new ArrayList<>();
    String header = in.readLine();
    if (header == null || !header.strip().equals(HEADER)) {
      throw new IOException(
          source + ": expected the header '" + HEADER + "', found '" + clip(header) + "'");
    }
    String line;
    int number = 1;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      rows.add(parse(station, line.strip(), source, number));
    }
    return rows;
  }

  private static AlertaRioRow parse(String station, String line, String file, int number)
      throws IOException {
    String[] given = line.split(",", -1);
    if (given.length < 3 || given.length > 8) {
      throw new IOException(
          file + ":" + number + ": expected 8 fields, found " + given.length + ": " + clip(line));
    }
    // Some exports cut a row short after its last known value ("13/02/2019,17:30:00,HBV,nan"):
    // the absent trailing fields are missing values.
    String[] f = java.util.Arrays.copyOf(given, 8);
    for (int i = given.length; i < 8; i++) {
      f[i] = "nan";
    }
    try {
      if (!DAY_TEXT.matcher(f[0]).matches()) {
        throw new IOException(
            file + ":" + number + ": the day must be written dd/mm/yyyy, was '" + clip(f[0]) + "'");
      }
      LocalDateTime local =
          LocalDateTime.of(LocalDate.parse(f[0], DAY), roundToMinute(LocalTime.parse(f[1])));
      Double mm15 = value(f[3], "15 min");
      Double mm1h = value(f[4], "01 h");
      Double mm4h = value(f[5], "04 h");
      Double mm24h = value(f[6], "24 h");
      Double mm96h = value(f[7], "96 h");
      boolean allMissing =
          mm15 == null && mm1h == null && mm4h == null && mm24h == null && mm96h == null;
      ZoneOffset offset;
      if ("HBV".equals(f[2])) {
        offset = SUMMER;
      } else if (!"nan".equals(f[2])) {
        throw new IOException(
            file + ":" + number + ": HBV column must be 'HBV' or 'nan', was '" + clip(f[2]) + "'");
      } else if (allMissing) {
        offset = ZonedDateTime.ofLocal(local, RIO, SUMMER).getOffset();
      } else {
        offset = STANDARD;
      }
      return new AlertaRioRow(station, local.toInstant(offset), mm15, mm1h, mm4h, mm24h, mm96h);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IOException(file + ":" + number + ": " + e.getMessage() + ": " + clip(line), e);
    }
  }

  private static LocalTime roundToMinute(LocalTime time) {
    return time.getSecond() >= 30
        ? time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1)
        : time.truncatedTo(ChronoUnit.MINUTES);
  }

  /**
   * A millimetre value as the exports write it (digits, an optional decimal part), or null for
   * {@code nan} or nothing. Java's own number syntax is wider than the export's ({@code NaN},
   * {@code Infinity}, {@code 1e3}, {@code 0x1p3}, {@code 2d}, a sign): all refused, and so is
   * anything above {@link AlertaRioLiveFeed#MAX_PLAUSIBLE_MM}.
   */
  private static Double value(String field, String column) {
    if (field.equals("nan") || field.isEmpty()) {
      return null;
    }
    if (!MILLIMETRES.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "column '" + column + "': '" + clip(field) + "' is not a number of millimetres");
    }
    double mm = Double.parseDouble(field);
    if (mm > AlertaRioLiveFeed.MAX_PLAUSIBLE_MM) {
      throw new IllegalArgumentException("column '" + column + "': " + mm + " mm is out of range");
    }
    return mm;
  }

  /** What an error message quotes of an input line: its first 200 characters. */
  private static String clip(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /** All export files of a folder, sorted by name. */
  public static List<Path> files(Path folder) throws IOException {
    try (var stream = Files.list(folder)) {
      List<Path> files =
          stream
              .filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IOException(folder + " holds no Alerta Rio export (<station>_<yyyymm>_Plv.csv)");
      }
      return files;
    }
  }
}
