package org.cityops.events;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A public warning in OASIS CAP 1.2 (Common Alerting Protocol), the form of {@code city.alerts}.
 * The field names and values are CAP's own; {@link CapXml} writes the standard XML. One alert is
 * one message of an incident's warning: {@code Alert}, then {@code Update} on each change, then
 * {@code Cancel}, each {@code Update} and {@code Cancel} referencing every earlier message.
 *
 * <p>Identical input gives identical bytes: {@code identifier} and {@code sent} come from the
 * incident's id, version and event time, never from the clock, so a message re-sent after a restart
 * is the same message. Consumers deduplicate on {@code identifier}.
 *
 * @param identifier unique per message: no spaces, commas, {@code <} or {@code &}
 * @param sender the issuing authority's id, same rules
 * @param sent {@code 2019-02-06T22:15:00-02:00}: always an offset, {@code -00:00} for UTC, never Z
 * @param references earlier messages of this warning, each {@code sender,identifier,sent}
 * @param incidentId the incident this warning is about (also in the info's parameters)
 * @param incidentVersion the incident version this message reflects
 * @param hazard the incident's kind, for residents' subscriptions (also an info parameter)
 */
public record CapAlert(
    String identifier,
    String sender,
    String sent,
    Status status,
    MsgType msgType,
    Scope scope,
    List<String> references,
    String incidentId,
    long incidentVersion,
    IncidentType hazard,
    List<Info> info) {

  /** CAP's restriction on identifier, sender and references' parts. */
  private static final Pattern ID = Pattern.compile("[^\\s,<&]{1,200}");

  /** CAP's dateTime: seconds, and an explicit numeric offset. */
  public static final Pattern CAP_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  public CapAlert {
    references = references == null ? List.of() : List.copyOf(references);
    info = info == null ? List.of() : List.copyOf(info);
  }

  /** An instant as CAP writes it, in the city's zone; UTC is {@code -00:00} as CAP requires. */
  public static String capTime(Instant instant, ZoneId zone) {
    String text = FORMAT.format(instant.atZone(zone).withNano(0));
    return text.endsWith("+00:00") ? text.substring(0, text.length() - 6) + "-00:00" : text;
  }

  /** This message as a reference from a later one: {@code sender,identifier,sent}. */
  public String asReference() {
    return sender + "," + identifier + "," + sent;
  }

  public CapAlert validate() {
    Contract.require(
        identifier != null && ID.matcher(identifier).matches(),
        "identifier",
        "must be 1-200 characters without spaces, commas, < or &, was " + identifier);
    Contract.require(
        sender != null && ID.matcher(sender).matches(),
        "sender",
        "must be 1-200 characters without spaces, commas, < or &, was " + sender);
    Contract.require(
        sent != null && CAP_TIME.matcher(sent).matches(),
        "sent",
        "must be like 2019-02-06T22:15:00-02:00 (an offset, never Z), was " + sent);
    Contract.present(status, "status");
    Contract.present(msgType, "msgType");
    Contract.present(scope, "scope");
    Contract.require(
        msgType == MsgType.Alert || !references.isEmpty(),
        "references",
        "an " + msgType + " must reference the messages it follows");
    for (String r : references) {
      String[] parts = r.split(",", -1);
      Contract.require(
          parts.length == 3
              && ID.matcher(parts[0]).matches()
              && ID.matcher(parts[1]).matches()
              && CAP_TIME.matcher(parts[2]).matches(),
          "references",
          "each must be sender,identifier,sent, was " + r);
    }
    Contract.text(incidentId, "incidentId", 200);
    Contract.require(incidentVersion >= 1, "incidentVersion", "must be at least 1");
    Contract.present(hazard, "hazard");
    for (int i = 0; i < info.size(); i++) {
      Contract.present(info.get(i), "info[" + i + "]").validate("info[" + i + "]");
    }
    return this;
  }

  /** One language's description of the hazard. */
  public record Info(
      String language,
      List<Category> category,
      String event,
      List<ResponseType> responseType,
      Urgency urgency,
      Severity severity,
      Certainty certainty,
      String onset,
      String expires,
      String senderName,
      String headline,
      String description,
      String instruction,
      List<Area> area) {
    public Info {
      category = category == null ? List.of() : List.copyOf(category);
      responseType = responseType == null ? List.of() : List.copyOf(responseType);
      area = area == null ? List.of() : List.copyOf(area);
    }

    void validate(String field) {
      Contract.require(!category.isEmpty(), field + ".category", "needs at least one category");
      Contract.text(event, field + ".event", 200);
      Contract.present(urgency, field + ".urgency");
      Contract.present(severity, field + ".severity");
      Contract.present(certainty, field + ".certainty");
      for (String time : new String[] {onset, expires}) {
        Contract.require(
            time == null || CAP_TIME.matcher(time).matches(),
            field + ".onset/expires",
            "must be like 2019-02-06T22:15:00-02:00, was " + time);
      }
      for (int i = 0; i < area.size(); i++) {
        Contract.present(area.get(i), field + ".area[" + i + "]")
            .validate(field + ".area[" + i + "]");
      }
    }
  }

  /**
   * Where the warning applies. A polygon is {@code lat,lon lat,lon ...}, closed (first pair equals
   * the last) with at least four pairs; a circle is {@code lat,lon radius} with the radius in km.
   */
  /** A circle of a warning's area, in metres. */
  public record Circle(GeoPoint center, double radiusM) {
    public boolean contains(GeoPoint p) {
      return center.distanceMetresTo(p) <= radiusM;
    }
  }

  public record Area(String areaDesc, List<String> polygon, List<String> circle) {
    private static final Pattern PAIR = Pattern.compile("-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?");

    public Area {
      polygon = polygon == null ? List.of() : List.copyOf(polygon);
      circle = circle == null ? List.of() : List.copyOf(circle);
    }

    /** The first circle, read back: center and radius in metres; null when there is none. */
    public Circle firstCircle() {
      if (circle.isEmpty()) {
        return null;
      }
      String[] parts = circle.get(0).trim().split("\\s+");
      String[] latLon = parts[0].split(",");
      return new Circle(
          new GeoPoint(Double.parseDouble(latLon[0]), Double.parseDouble(latLon[1])),
          Double.parseDouble(parts[1]) * 1000.0);
    }

    void validate(String field) {
      Contract.text(areaDesc, field + ".areaDesc", 500);
      for (String p : polygon) {
        String[] pairs = p.trim().split("\\s+");
        Contract.require(
            pairs.length >= 4, field + ".polygon", "needs at least 4 points, had " + pairs.length);
        Contract.require(
            pairs[0].equals(pairs[pairs.length - 1]),
            field + ".polygon",
            "must be closed (first point = last point)");
        for (String pair : pairs) {
          checkPair(pair, field + ".polygon");
        }
      }
      for (String c : circle) {
        String[] parts = c.trim().split("\\s+");
        Contract.require(parts.length == 2, field + ".circle", "must be 'lat,lon radius'");
        checkPair(parts[0], field + ".circle");
        double radius = Double.parseDouble(parts[1]);
        Contract.require(radius >= 0, field + ".circle", "radius must not be negative");
      }
    }

    private static void checkPair(String pair, String field) {
      Contract.require(PAIR.matcher(pair).matches(), field, "'" + pair + "' is not lat,lon");
      String[] ll = pair.split(",");
      double lat = Double.parseDouble(ll[0]);
      double lon = Double.parseDouble(ll[1]);
      Contract.require(
          lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180,
          field,
          "'" + pair + "' is outside WGS 84 ranges");
    }
  }

  // The enums below are spelled exactly as CAP 1.2 spells its values (Actual, AllClear, CBRNE),
  // so their names are the standard's words in JSON and XML alike.

  /** CAP status: Actual, or Exercise and Test for drills. */
  public enum Status {
    Actual,
    Exercise,
    System,
    Test,
    Draft
  }

  /** CAP msgType. */
  public enum MsgType {
    Alert,
    Update,
    Cancel,
    Ack,
    Error
  }

  /** CAP scope. */
  public enum Scope {
    Public,
    Restricted,
    Private
  }

  /** CAP category of the hazard. */
  public enum Category {
    Geo,
    Met,
    Safety,
    Security,
    Rescue,
    Fire,
    Health,
    Env,
    Transport,
    Infra,
    CBRNE,
    Other
  }

  /** CAP responseType: what people should do. */
  public enum ResponseType {
    Shelter,
    Evacuate,
    Prepare,
    Execute,
    Avoid,
    Monitor,
    Assess,
    AllClear,
    None
  }

  /** CAP urgency. */
  public enum Urgency {
    Immediate,
    Expected,
    Future,
    Past,
    Unknown
  }

  /** CAP certainty. */
  public enum Certainty {
    Observed,
    Likely,
    Possible,
    Unlikely,
    Unknown
  }
}
