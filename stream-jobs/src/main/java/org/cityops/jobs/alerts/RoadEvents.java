package org.cityops.jobs.alerts;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CapAlert;
import org.cityops.events.RoadEvent;
import org.cityops.jobs.fanout.WarningArea;

/**
 * The Open511 road event of a public warning, for the kinds that affect roads: flooded streets and
 * rivers over their banks ({@code ROAD_CONDITION}, {@code SURFACE_WATER_HAZARD}), heavy and
 * siren-level rain ({@code WEATHER_CONDITION}, {@code HEAVY_DOWNPOUR}). Landslide risk (a
 * likelihood over a zone, not an event on a road) and sensor maintenance give none.
 *
 * <p>Built from the CAP message alone, so the feed tells navigation apps only what the public was
 * told, after the same approvals, and a re-sent message makes the same bytes. The event is {@code
 * ACTIVE} until the warning's Cancel archives it; {@code created} is the first message's time, read
 * from the message's references. Severity: Minor and Moderate as they are, Severe and Extreme are
 * Open511's {@code MAJOR}.
 */
public final class RoadEvents implements FlatMapFunction<CapAlert, RoadEvent> {
  private static final DateTimeFormatter LOCAL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private final AlertConfig config;

  public RoadEvents(AlertConfig config) {
    this.config = config;
  }

  @Override
  public void flatMap(CapAlert alert, Collector<RoadEvent> out) {
    RoadEvent event = of(alert);
    if (event != null) {
      out.collect(event);
    }
  }

  /** The road event of {@code alert}, or null for a kind that does not affect roads. */
  public RoadEvent of(CapAlert alert) {
    String type;
    String subtype;
    switch (alert.hazard()) {
      case URBAN_FLOODING, FLOOD_RISK -> {
        type = "ROAD_CONDITION";
        subtype = "SURFACE_WATER_HAZARD";
      }
      case HEAVY_RAIN, SIREN_LEVEL -> {
        type = "WEATHER_CONDITION";
        subtype = "HEAVY_DOWNPOUR";
      }
      case TRAFFIC_INCIDENT -> {
        type = "INCIDENT";
        subtype = "OBSTRUCTION";
      }
      default -> {
        return null;
      }
    }
    CapAlert.Info info = alert.info().get(0);
    String created =
        alert.references().isEmpty()
            ? alert.sent()
            : alert.references().get(0).substring(alert.references().get(0).lastIndexOf(',') + 1);
    boolean archived = alert.msgType() == CapAlert.MsgType.Cancel;
    String interval = local(created) + "/" + (archived ? local(alert.sent()) : "");
    WarningArea circle = WarningArea.of(alert);
    String description =
        info.description() == null
            ? info.instruction()
            : info.instruction() == null
                ? info.description()
                : info.description() + " " + info.instruction();
    return new RoadEvent(
        config.sender() + "/" + alert.incidentId().replaceAll("[^A-Za-z0-9_.-]", "."),
        archived ? "ARCHIVED" : "ACTIVE",
        info.headline() != null ? info.headline() : info.event(),
        description,
        type,
        List.of(subtype),
        switch (info.severity()) {
          case MINOR -> "MINOR";
          case MODERATE -> "MODERATE";
          case SEVERE, EXTREME -> "MAJOR";
        },
        switch (info.certainty()) {
          case Observed -> "OBSERVED";
          case Likely -> "LIKELY";
          case Possible -> "POSSIBLE";
          default -> "UNKNOWN";
        },
        created,
        alert.sent(),
        config.zone().getId(),
        RoadEvent.Geometry.point(circle.center()),
        circle.radiusM(),
        new RoadEvent.Schedule(List.of(interval)));
  }

  /** The local time of a CAP time in the configured zone, to the minute, as Open511 writes it. */
  private String local(String capTime) {
    LocalDateTime at =
        OffsetDateTime.parse(capTime).atZoneSameInstant(config.zone()).toLocalDateTime();
    return at.format(LOCAL_MINUTE);
  }
}
