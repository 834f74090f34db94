package org.cityops.console.residents;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cityops.console.Publisher;
import org.cityops.console.board.Board;
import org.cityops.console.web.ApiError;
import org.cityops.events.CapAlert;
import org.cityops.events.CapXml;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.IncidentType;
import org.cityops.events.Subscription;

/**
 * The residents' API: no account, no personal data. A resident subscribes places and kinds of
 * hazard and gets a private token back ({@link ResidentTokens}); with it they change or end the
 * subscription. Anyone may ask which public warnings are in force at a point, follow them live, or
 * read them as a CAP Atom feed. Only what the public was told appears here: CAP messages, never the
 * operators' incidents.
 *
 * <ul>
 *   <li>{@code POST /api/residents/subscriptions} {@code
 *       {"places":[...],"kinds":[...],"pacing":...}} → 201 {@code {"token","residentId"}}; {@code
 *       PUT} the same with {@code Authorization: Bearer <token>} changes it; {@code DELETE} with it
 *       ends it (204). A place is a circle ({@code center}, {@code radiusM}) or a neighbourhood
 *       ({@code {"neighbourhood":"Tijuca"}}; {@code GET /api/residents/neighbourhoods} lists them).
 *   <li>{@code GET /api/residents/warnings?lat=&lon=}: the warnings in force there, most severe
 *       first; {@code GET /api/residents/events?lat=&lon=}: server-sent {@code warning} events for
 *       messages (also updates and cancels) whose area holds the point.
 *   <li>{@code GET /api/residents/outlines}: the city's neighbourhoods and roads as GeoJSON, which
 *       the maps draw beneath everything (they show the city where no tile server answers).
 *   <li>{@code GET /api/residents/cap.atom}: an Atom feed of the warnings in force, each linking
 *       its CAP 1.2 XML at {@code /api/residents/cap/<identifier>.xml}.
 *   <li>Commutes ({@code "commutes":[{"name","origin","destination","from":"07:00","to":"09:00"}]}
 *       in the subscription): {@code GET /api/residents/routes} with the token gives the newest
 *       route advice for each (a way around what blocks or slows it, or its all-clear).
 * </ul>
 */
public final class ResidentApi {
  /** What a subscription sends. */
  public record SubscriptionRequest(
      List<PlaceRequest> places,
      List<IncidentType> kinds,
      Subscription.Pacing pacing,
      List<Subscription.Commute> commutes) {}

  /** A place as a resident gives it: a circle, or a neighbourhood's name. */
  public record PlaceRequest(String name, GeoPoint center, Double radiusM, String neighbourhood) {}

  /** A warning as a resident reads it. */
  public record Warning(
      String identifier,
      String incidentId,
      String msgType,
      String severity,
      String event,
      String headline,
      String description,
      String instruction,
      String area,
      String sent) {
    static Warning of(CapAlert a) {
      CapAlert.Info i = a.info().get(0);
      return new Warning(
          a.identifier(),
          a.incidentId(),
          a.msgType().name(),
          i.severity().name(),
          i.event(),
          i.headline(),
          i.description(),
          i.instruction(),
          i.area().isEmpty() ? null : i.area().get(0).areaDesc(),
          a.sent());
    }
  }

  private final Board board;
  private final Publisher publisher;
  private final Clock clock;
  private final Neighbourhoods neighbourhoods;
  private final org.cityops.console.map.CityOutlines outlines;

  /**
   * @param neighbourhoods the city's neighbourhoods, or null when the console knows none
   */
  public ResidentApi(Board board, Publisher publisher, Clock clock, Neighbourhoods neighbourhoods) {
    this(board, publisher, clock, neighbourhoods, null);
  }

  /**
   * @param roads the city's roads, drawn on the maps where no tile server answers, or null
   */
  public ResidentApi(
      Board board,
      Publisher publisher,
      Clock clock,
      Neighbourhoods neighbourhoods,
      org.cityops.roads.RoadNetwork roads) {
    this.outlines = org.cityops.console.map.CityOutlines.of(neighbourhoods, roads);
    this.board = board;
    this.publisher = publisher;
    this.clock = clock;
    this.neighbourhoods = neighbourhoods;
  }

  public void register(JavalinConfig config) {
    config.routes.post("/api/residents/subscriptions", this::subscribe);
    config.routes.put("/api/residents/subscriptions", this::change);
    config.routes.delete("/api/residents/subscriptions", this::unsubscribe);
    config.routes.get("/api/residents/warnings", ctx -> ctx.json(warningsAt(point(ctx))));
    config.routes.get(
        "/api/residents/neighbourhoods",
        ctx -> ctx.json(neighbourhoods == null ? List.of() : neighbourhoods.list()));
    config.routes.get("/api/residents/cap.atom", this::atom);
    config.routes.get(
        "/api/residents/outlines",
        ctx -> ctx.contentType("application/geo+json").result(outlines.geoJson()));
    config.routes.get("/api/residents/routes", ctx -> ctx.json(board.routes(residentOf(ctx))));
    config.routes.get("/api/residents/cap/{identifier}", this::capXml);
    config.routes.sse("/api/residents/events", this::events);
  }

  private void subscribe(Context ctx) {
    String token = ResidentTokens.newToken();
    String residentId = ResidentTokens.residentId(token);
    publisher.send(subscription(residentId, ctx));
    ctx.status(201).json(Map.of("token", token, "residentId", residentId));
  }

  private void change(Context ctx) {
    String residentId = residentOf(ctx);
    publisher.send(subscription(residentId, ctx));
    ctx.json(Map.of("residentId", residentId));
  }

  private void unsubscribe(Context ctx) {
    String residentId = residentOf(ctx);
    publisher.send(new Subscription(residentId, List.of(), List.of(), false, clock.instant()));
    ctx.status(204);
  }

  private Subscription subscription(String residentId, Context ctx) {
    SubscriptionRequest req = org.cityops.console.web.JsonBody.read(ctx, SubscriptionRequest.class);
    boolean noPlaces = req.places() == null || req.places().isEmpty();
    boolean noCommutes = req.commutes() == null || req.commutes().isEmpty();
    if (noPlaces && noCommutes) {
      throw new ApiError(
          400,
          "at least one place (center and radiusM, or a neighbourhood) or commute is required");
    }
    List<Subscription.Place> places = new ArrayList<>();
    for (PlaceRequest p : noPlaces ? List.<PlaceRequest>of() : req.places()) {
      if (p != null && p.neighbourhood() != null) {
        places.add(neighbourhood(p.neighbourhood()));
      } else if (p == null || p.center() == null || p.radiusM() == null) {
        throw new ApiError(400, "each place needs a center and radiusM, or a neighbourhood");
      } else {
        places.add(new Subscription.Place(p.name(), p.center(), p.radiusM()));
      }
    }
    return new Subscription(
            residentId, places, req.kinds(), true, clock.instant(), req.pacing(), req.commutes())
        .validate();
  }

  /** A place given as a neighbourhood's name, with its outline from the city's neighbourhoods. */
  private Subscription.Place neighbourhood(String name) {
    if (neighbourhoods == null) {
      throw new ApiError(400, "this console knows no neighbourhoods: give a center and radiusM");
    }
    return neighbourhoods
        .place(name)
        .orElseThrow(
            () ->
                new ApiError(
                    400,
                    "no neighbourhood '"
                        + name
                        + "'; GET /api/residents/neighbourhoods lists them"));
  }

  private static String residentOf(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      throw new ApiError(401, "send the subscription's token as 'Authorization: Bearer <token>'");
    }
    try {
      return ResidentTokens.residentId(auth.substring(7).strip());
    } catch (IllegalArgumentException e) {
      throw new ApiError(401, "that is not a subscription token");
    }
  }

  private static GeoPoint point(Context ctx) {
    try {
      GeoPoint p =
          new GeoPoint(
              Double.parseDouble(ctx.queryParam("lat")), Double.parseDouble(ctx.queryParam("lon")));
      p.validate("point");
      return p;
    } catch (NullPointerException | NumberFormatException e) {
      throw new ApiError(400, "lat and lon are required, as decimal degrees");
    }
  }

  /** The warnings in force (not cancelled) whose area holds the point, most severe first. */
  List<Warning> warningsAt(GeoPoint p) {
    List<Warning> out = new ArrayList<>();
    for (CapAlert a : board.warningsInForce()) {
      if (holds(a, p)) {
        out.add(Warning.of(a));
      }
    }
    out.sort(
        java.util.Comparator.comparing(
                (Warning w) -> org.cityops.events.Severity.valueOf(w.severity()))
            .reversed()
            .thenComparing(Warning::identifier));
    return out;
  }

  private static boolean holds(CapAlert a, GeoPoint p) {
    for (CapAlert.Info info : a.info()) {
      for (CapAlert.Area area : info.area()) {
        CapAlert.Circle c = area.firstCircle();
        if (c != null && c.contains(p)) {
          return true;
        }
      }
    }
    return false;
  }

  private void events(SseClient client) {
    GeoPoint p = point(client.ctx());
    client.keepAlive();
    Consumer<Board.Change> watcher =
        change -> {
          if (change.kind().equals("warning")
              && change.record() instanceof CapAlert a
              && holds(a, p)
              && !client.terminated()) {
            client.sendEvent("warning", EventJson.writeString(Warning.of(a)));
          }
        };
    board.watch(watcher);
    client.onClose(() -> board.unwatch(watcher));
    client.sendComment("connected");
  }

  private void atom(Context ctx) {
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("  <id>urn:cityops:warnings</id>\n")
        .append("  <title>Public warnings in force</title>\n")
        .append("  <updated>")
        .append(Instant.now(clock))
        .append("</updated>\n");
    for (CapAlert a : board.warningsInForce()) {
      CapAlert.Info i = a.info().get(0);
      xml.append("  <entry>\n")
          .append("    <id>urn:cap:")
          .append(escape(a.identifier()))
          .append("</id>\n")
          .append("    <title>")
          .append(escape(i.headline() != null ? i.headline() : i.event()))
          .append("</title>\n")
          .append("    <updated>")
          .append(escape(a.sent()))
          .append("</updated>\n")
          .append("    <summary>")
          .append(escape(i.instruction() == null ? "" : i.instruction()))
          .append("</summary>\n")
          .append(
              "    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"/api/residents/cap/")
          .append(escape(a.identifier()))
          .append(".xml\"/>\n")
          .append("  </entry>\n");
    }
    xml.append("</feed>\n");
    ctx.contentType("application/atom+xml; charset=utf-8").result(xml.toString());
  }

  private void capXml(Context ctx) {
    String name = ctx.pathParam("identifier");
    String identifier = name.endsWith(".xml") ? name.substring(0, name.length() - 4) : name;
    CapAlert a =
        board.warningsInForce().stream()
            .filter(w -> w.identifier().equals(identifier))
            .findFirst()
            .orElseThrow(() -> new ApiError(404, "no warning in force '" + identifier + "'"));
    ctx.contentType("application/cap+xml")
        .result(new String(CapXml.write(a), StandardCharsets.UTF_8));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
