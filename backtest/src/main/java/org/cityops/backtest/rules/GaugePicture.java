package org.cityops.backtest.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cityops.backtest.rules.RuleSetDiff.Summary;
import org.cityops.events.IncidentType;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RainThresholds;

/**
 * A backtest for people who would rather look than read: one gauge's 1 h rain sum over time (SVG),
 * the thresholds it was judged by as dashed lines, and its heavy-rain and siren incidents as shaded
 * spans with their highest severity. Drawn from the run's own sums and incidents; no scripts, no
 * external fonts, so it opens in any browser and can be attached to a report.
 */
public final class GaugePicture {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 40;

  private GaugePicture() {}

  /**
   * @param sums the gauge's sums, any order
   * @param incidents the gauge's incidents (others are left out)
   */
  public static String svg(
      String gauge, List<RainSums> sums, List<Summary> incidents, RainThresholds thresholds) {
    List<RainSums> line =
        sums.stream()
            .filter(s -> s.gaugeId().equals(gauge))
            .sorted(Comparator.comparing(RainSums::windowEnd))
            .toList();
    if (line.isEmpty()) {
      throw new IllegalArgumentException("no sums for gauge " + gauge);
    }
    Instant from = line.get(0).windowEnd();
    Instant to = line.get(line.size() - 1).windowEnd();
    double span = Math.max(1, Duration.between(from, to).getSeconds());
    double top =
        Math.max(
            thresholds.sirenHourMm() * 1.1,
            line.stream().mapToDouble(RainSums::rain1hMm).max().orElse(0) * 1.1);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator y = mm -> TOP + plotH * (1 - mm / top);
    java.util.function.Function<Instant, Double> x =
        t -> LEFT + plotW * Duration.between(from, t).getSeconds() / span;

    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append(
        String.format(
            Locale.ROOT, "<title>%s: 1 h rain from %s to %s</title>%n", escape(gauge), from, to));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (Summary i : incidents) {
      if (!i.place().equals(gauge)
          || (i.type() != IncidentType.HEAVY_RAIN && i.type() != IncidentType.SIREN_LEVEL)) {
        continue;
      }
      double x0 = x.apply(i.openedAt().isBefore(from) ? from : i.openedAt());
      double x1 = x.apply(i.endedAt().isAfter(to) ? to : i.endedAt());
      String colour = i.type() == IncidentType.SIREN_LEVEL ? "#d32f2f" : "#f9a825";
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"incident\" data-incident=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                  + " height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.25\"><title>%s, up to %s, %s to"
                  + " %s</title></rect>%n",
              escape(i.incidentId()),
              x0,
              TOP,
              Math.max(1, x1 - x0),
              plotH,
              colour,
              i.type().name().toLowerCase(Locale.ROOT),
              i.highest(),
              i.openedAt(),
              i.endedAt()));
    }
    threshold(svg, "moderate", thresholds.moderateMm(), y, "#9e9e9e");
    threshold(svg, "strong", thresholds.strongMm(), y, "#f9a825");
    threshold(svg, "very strong", thresholds.veryStrongMm(), y, "#ef6c00");
    threshold(svg, "siren", thresholds.sirenHourMm(), y, "#d32f2f");
    StringBuilder points = new StringBuilder();
    for (RainSums s : line) {
      points.append(
          String.format(
              Locale.ROOT, "%.1f,%.1f ", x.apply(s.windowEnd()), y.applyAsDouble(s.rain1hMm())));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"rain-1h\" data-count=\"%d\" fill=\"none\" stroke=\"#1565c0\""
                + " stroke-width=\"1.5\" points=\"%s\"/>%n",
            line.size(),
            points.toString().strip()));
    RainSums peak = line.stream().max(Comparator.comparingDouble(RainSums::rain1hMm)).orElseThrow();
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"peak\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f mm</text>%n",
            x.apply(peak.windowEnd()),
            y.applyAsDouble(peak.rain1hMm()) - 6,
            peak.rain1hMm()));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\">%s: rain in the last hour (mm), %s to %s</text>%n",
            LEFT,
            escape(gauge),
            from,
            to));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n",
            LEFT,
            y.applyAsDouble(0),
            WIDTH - RIGHT,
            y.applyAsDouble(0)));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void threshold(
      StringBuilder svg,
      String name,
      double mm,
      java.util.function.DoubleUnaryOperator y,
      String colour) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"threshold\" data-mm=\"%.1f\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                + " stroke=\"%s\" stroke-dasharray=\"6 4\"/><text x=\"4\" y=\"%.1f\""
                + " fill=\"%s\">%s %.1f</text>%n",
            mm,
            LEFT,
            y.applyAsDouble(mm),
            WIDTH - RIGHT,
            y.applyAsDouble(mm),
            colour,
            y.applyAsDouble(mm) + 4,
            colour,
            name,
            mm));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
