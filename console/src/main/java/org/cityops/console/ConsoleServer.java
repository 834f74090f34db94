package org.cityops.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.cityops.console.audit.AuditLog;
import org.cityops.console.auth.Account;
import org.cityops.console.auth.Role;
import org.cityops.console.auth.Sessions;
import org.cityops.console.auth.Users;
import org.cityops.console.board.Board;
import org.cityops.console.web.ApiError;
import org.cityops.events.Area;
import org.cityops.events.ContractViolation;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;

/**
 * The operators' console over HTTP: the page, and a JSON API behind a login. Every API answer that
 * refuses says why, as {@code {"error": "..."}} with a 4xx status: 400 malformed or invalid, 401
 * not logged in, 403 not allowed (or a missing CSRF token), 404 unknown incident, 429 too many
 * failed logins (with {@code Retry-After}: {@link org.cityops.console.auth.LoginThrottle}), 503
 * Kafka not taking actions.
 *
 * <ul>
 *   <li>{@code POST /api/login} {@code {"name","password"}}: a session cookie and the CSRF token
 *       that every later POST must send as {@code X-CSRF-Token}; {@code POST /api/logout}; {@code
 *       GET /api/me}.
 *   <li>{@code GET /api/incidents}: the queue, most severe first, then oldest; {@code GET
 *       /api/incidents/{id}}: its versions (the timeline), public warning and waiting approval;
 *       {@code GET /api/stage}; {@code GET /api/sensors}: each sensor's latest reading, the silent
 *       ones first and flagged stale; {@code GET /api/areas}: each neighbourhood's feed (no data:
 *       every sensor in it silent; partial; live; no sensors), worst first; {@code GET
 *       /api/reports}: residents' latest reports; {@code GET /api/health}: each job's consumer lag
 *       and how long its commits have not moved.
 *   <li>{@code POST /api/incidents/{id}/actions} {@code {"action","assignee","note","severity"}}:
 *       acknowledge, assign, resolve, escalate, note, false_alarm, approve_warning (supervisors
 *       only); {@code POST /api/incidents} {@code {"type","area","severity","note"}} opens one by
 *       hand. Actions go to {@code city.control} as the logged-in user, in the user's role.
 *   <li>{@code POST /api/rules} {@code {"changes": [rule change, ...]}} (engineers and
 *       supervisors): new versions of detection rules, each with its {@code effectiveFrom}, to
 *       {@code city.control} keyed by rule id, as pushed by the logged-in user; 202 with what was
 *       pushed.
 *   <li>{@code GET /api/events}: server-sent events {@code incident}, {@code warning}, {@code
 *       pending}, {@code stage} as the board takes them in.
 *   <li>{@code GET /api/audit?limit=N}: the audit log's last entries (supervisors only).
 * </ul>
 *
 * <p>Every change an operator asks for (login, failed or not; logout; an action; an incident
 * opened), accepted or refused, is written to the {@link AuditLog} before the answer leaves.
 * Residents' requests are not operators' actions and are not in it.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ConsoleServer.class);
  public static final String SESSION_COOKIE = "cityops-session";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** What a login sends. */
  public record Login(String name, String password) {}

  /** What an action on an incident sends. */
  public record ActionRequest(
      ControlMessage.Action action, String assignee, String note, Severity severity) {}

  /** What opening an incident by hand sends. */
  public record OpenRequest(IncidentType type, Area area, Severity severity, String note) {}

  /** Who is logged in, and the token their changes must carry. */
  public record Me(String name, Role role, String csrfToken) {}

  private final Board board;
  private final Users users;
  private final Sessions sessions;
  private final Publisher control;
  private final Clock clock;
  private final Javalin app;
  private final org.cityops.console.board.AreaFeeds areaFeeds;
  private final AuditLog audit;
  private final org.cityops.console.auth.LoginThrottle throttle;

  // what a handler tells the audit of the request it served
  private static final String AUDIT_ACTOR = "audit.actor";
  private static final String AUDIT_ROLE = "audit.role";
  private static final String AUDIT_ACTION = "audit.action";
  private static final String AUDIT_TARGET = "audit.target";
  private static final String AUDIT_DETAIL = "audit.detail";

  public ConsoleServer(Board board, Users users, Publisher control, Clock clock) {
    this(board, users, control, clock, null);
  }

  /**
   * @param neighbourhoods the city's neighbourhoods residents may subscribe by name, or null
   */
  public ConsoleServer(
      Board board,
      Users users,
      Publisher control,
      Clock clock,
      org.cityops.console.residents.Neighbourhoods neighbourhoods) {
    this(board, users, control, clock, neighbourhoods, null);
  }

  /**
   * @param roads the city's roads, drawn on the maps where no tile server answers, or null
   */
  public ConsoleServer(
      Board board,
      Users users,
      Publisher control,
      Clock clock,
      org.cityops.console.residents.Neighbourhoods neighbourhoods,
      org.cityops.roads.RoadNetwork roads) {
    this(board, users, control, clock, neighbourhoods, roads, AuditLog.inMemory());
  }

  /**
   * @param audit where operators' actions are written
   */
  public ConsoleServer(
      Board board,
      Users users,
      Publisher control,
      Clock clock,
      org.cityops.console.residents.Neighbourhoods neighbourhoods,
      org.cityops.roads.RoadNetwork roads,
      AuditLog audit) {
    this.audit = audit;
    this.throttle = new org.cityops.console.auth.LoginThrottle(clock);
    this.board = board;
    this.users = users;
    this.control = control;
    this.clock = clock;
    this.sessions = new Sessions(Duration.ofHours(12), clock);
    this.areaFeeds =
        neighbourhoods == null
            ? null
            : new org.cityops.console.board.AreaFeeds(neighbourhoods.zones());
    this.app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(EventJson.mapper(), false));
              config.staticFiles.add("/console", Location.CLASSPATH);
              config.staticFiles.enableWebjars();
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new org.cityops.console.web.JsonErrorHandler()));
              config.routes.before(this::securityHeaders);
              config.routes.before("/api/*", this::authenticate);
              config.routes.after("/api/*", this::audit);
              config.routes.post("/api/login", this::login);
              config.routes.post("/api/logout", this::logout);
              config.routes.get("/api/me", ctx -> ctx.json(me(ctx)));
              config.routes.get("/api/incidents", ctx -> ctx.json(board.queue()));
              config.routes.get("/api/sensors", ctx -> ctx.json(board.sensors()));
              config.routes.get(
                  "/api/areas",
                  ctx ->
                      ctx.json(
                          areaFeeds == null
                              ? List.of()
                              : areaFeeds.judge(board.sensors(), clock.instant())));
              config.routes.get("/api/reports", ctx -> ctx.json(board.reports()));
              config.routes.get("/api/health", ctx -> ctx.json(board.pipeline()));
              config.routes.get("/api/incidents/{id}", this::incident);
              config.routes.post("/api/incidents/{id}/actions", this::act);
              config.routes.post("/api/incidents", this::open);
              config.routes.get(
                  "/api/stage",
                  ctx ->
                      ctx.json(
                          board
                              .stage()
                              .orElseThrow(() -> new ApiError(404, "no stage published yet"))));
              config.routes.sse("/api/events", this::events);
              config.routes.get("/api/audit", this::auditView);
              config.routes.post("/api/rules", this::pushRules);
              new org.cityops.console.residents.ResidentApi(
                      board, control, clock, neighbourhoods, roads)
                  .register(config);
              config.routes.exception(
                  ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
              config.routes.exception(
                  io.javalin.http.BadRequestResponse.class,
                  (e, ctx) -> error(ctx, 400, "malformed request: " + e.getMessage()));
              // Javalin's own refusals (no such endpoint, method not allowed, ...) in the API's
              // shape too: a client reads {"error": ...} whatever refused it (found by fuzzing)
              config.routes.exception(
                  io.javalin.http.HttpResponseException.class,
                  (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
              config.routes.exception(
                  ContractViolation.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              config.routes.exception(
                  Publisher.NotSent.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    if (rootIsJson(e)) {
                      error(
                          ctx,
                          400,
                          "malformed JSON: " + org.cityops.console.web.JsonBody.rootMessage(e));
                    } else {
                      LOG.error("internal error answering {} {}", ctx.method(), ctx.path(), e);
                      error(ctx, 500, "internal error");
                    }
                  });
            });
  }

  public ConsoleServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  // ---- security -------------------------------------------------------------------------

  private void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: https://*.tile.openstreetmap.org;"
            + " style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'");
  }

  /** Every API call but the login needs a session; every change also the session's CSRF token. */
  private void authenticate(Context ctx) {
    if (ctx.path().equals("/api/login") || ctx.path().startsWith("/api/residents/")) {
      return; // residents have no account: their API is open, their changes need their token
    }
    Sessions.Session s =
        sessions
            .find(ctx.cookie(SESSION_COOKIE))
            .orElseThrow(() -> new ApiError(401, "log in first"));
    if (ctx.method() != HandlerType.GET && !s.csrfToken().equals(ctx.header(CSRF_HEADER))) {
      throw new ApiError(403, "missing or wrong " + CSRF_HEADER + " header");
    }
    ctx.attribute("session", s);
  }

  private Sessions.Session session(Context ctx) {
    return ctx.attribute("session");
  }

  private Me me(Context ctx) {
    Sessions.Session s = session(ctx);
    return new Me(s.account().name(), s.account().role(), s.csrfToken());
  }

  private void login(Context ctx) {
    ctx.attribute(AUDIT_ACTION, "login");
    Login login = org.cityops.console.web.JsonBody.read(ctx, Login.class);
    ctx.attribute(AUDIT_ACTOR, login.name());
    String name = login.name() == null ? "" : login.name();
    java.util.Optional<Duration> wait = throttle.waitFor(name, ctx.ip());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiError(
          429,
          "too many failed logins for '" + name + "' or from here; try again in " + seconds + " s");
    }
    java.util.Optional<Account> known = users.authenticate(login.name(), login.password());
    if (known.isEmpty()) {
      throttle.failed(name, ctx.ip());
      throw new ApiError(401, "unknown user or wrong password");
    }
    throttle.succeeded(name);
    Account account = known.get();
    ctx.attribute(AUDIT_ROLE, account.role().name().toLowerCase(Locale.ROOT));
    Sessions.Session s = sessions.open(account);
    ctx.header("Set-Cookie", SESSION_COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    ctx.json(new Me(account.name(), account.role(), s.csrfToken()));
  }

  private void logout(Context ctx) {
    ctx.attribute(AUDIT_ACTION, "logout");
    sessions.close(session(ctx).id());
    ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    ctx.status(204);
  }

  // ---- incidents ------------------------------------------------------------------------

  private void incident(Context ctx) {
    String id = ctx.pathParam("id");
    Incident latest =
        board.latest(id).orElseThrow(() -> new ApiError(404, "no incident '" + id + "'"));
    ctx.json(
        Map.of(
            "incident", latest,
            "versions", board.history(id),
            "warning", board.warning(id).map(Object.class::cast).orElse(Map.of()),
            "waiting", board.waiting(id).map(Object.class::cast).orElse(Map.of())));
  }

  private void act(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.attribute(AUDIT_ACTION, "incident.action");
    ctx.attribute(AUDIT_TARGET, id);
    Account who = session(ctx).account();
    ActionRequest req = org.cityops.console.web.JsonBody.read(ctx, ActionRequest.class);
    if (req.action() == null) {
      throw new ApiError(400, "an action is required");
    }
    ctx.attribute(AUDIT_ACTION, "incident." + req.action().name().toLowerCase(Locale.ROOT));
    if (req.action() == ControlMessage.Action.OPEN) {
      throw new ApiError(400, "open an incident with POST /api/incidents");
    }
    if (!who.role().mayAct()) {
      throw new ApiError(403, who.name() + " may watch but not act (" + roleName(who) + ")");
    }
    if (req.action() == ControlMessage.Action.APPROVE_WARNING && who.role() != Role.SUPERVISOR) {
      throw new ApiError(
          403,
          "approving a public warning needs a supervisor; "
              + who.name()
              + " is "
              + who.role().name().toLowerCase(Locale.ROOT));
    }
    board.latest(id).orElseThrow(() -> new ApiError(404, "no incident '" + id + "'"));
    ControlMessage message =
        new ControlMessage(
            UUID.randomUUID().toString(),
            id,
            req.action(),
            who.name(),
            who.role().asControlRole(),
            Instant.now(clock),
            req.assignee(),
            req.note(),
            null,
            null,
            req.severity());
    control.send(message);
    ctx.attribute(
        AUDIT_DETAIL,
        "message " + message.messageId() + (req.note() == null ? "" : ": " + req.note()));
    ctx.status(202).json(Map.of("messageId", message.messageId()));
  }

  private void open(Context ctx) {
    ctx.attribute(AUDIT_ACTION, "incident.open");
    Account who = session(ctx).account();
    if (!who.role().mayAct()) {
      throw new ApiError(403, who.name() + " may watch but not act (" + roleName(who) + ")");
    }
    OpenRequest req = org.cityops.console.web.JsonBody.read(ctx, OpenRequest.class);
    if (req.type() == null) {
      throw new ApiError(400, "the kind of incident (type) is required");
    }
    String id = req.type().code() + ":manual:" + UUID.randomUUID();
    ControlMessage message =
        new ControlMessage(
            UUID.randomUUID().toString(),
            id,
            ControlMessage.Action.OPEN,
            who.name(),
            who.role().asControlRole(),
            Instant.now(clock),
            null,
            req.note(),
            req.type(),
            req.area(),
            req.severity());
    control.send(message);
    ctx.attribute(AUDIT_TARGET, id);
    ctx.attribute(
        AUDIT_DETAIL,
        "message "
            + message.messageId()
            + ", "
            + req.type().code()
            + (req.severity() == null ? "" : " " + req.severity())
            + (req.note() == null ? "" : ": " + req.note()));
    ctx.status(202).json(Map.of("messageId", message.messageId(), "incidentId", id));
  }

  // ---- rules ----------------------------------------------------------------------------

  /**
   * New versions of detection rules for the running jobs, sent to {@code city.control} keyed by
   * rule id, each confirmed by Kafka; refused whole when one is invalid.
   */
  private void pushRules(Context ctx) {
    ctx.attribute(AUDIT_ACTION, "rules.push");
    Account who = session(ctx).account();
    if (!who.role().mayPushRules()) {
      throw new ApiError(
          403,
          "pushing detection rules needs an engineer or a supervisor; "
              + who.name()
              + " is "
              + roleName(who));
    }
    org.cityops.console.rules.RulePushRequest req =
        org.cityops.console.web.JsonBody.read(ctx, org.cityops.console.rules.RulePushRequest.class);
    List<org.cityops.events.RainRuleChange> changes = req.stamped(who.name(), Instant.now(clock));
    ctx.attribute(
        AUDIT_TARGET,
        String.join(",", changes.stream().map(org.cityops.events.RainRuleChange::ruleId).toList()));
    List<String> sent = new java.util.ArrayList<>();
    try {
      for (org.cityops.events.RainRuleChange c : changes) {
        control.send(c);
        sent.add(c.ruleId() + " v" + c.version() + " from " + c.effectiveFrom());
      }
    } catch (Publisher.NotSent e) {
      // the person and the audit learn what did reach Kafka (sending again is harmless: a
      // version the jobs have changes nothing)
      throw new Publisher.NotSent(
          (sent.isEmpty() ? "nothing sent" : "only " + String.join(", ", sent) + " sent")
              + "; "
              + e.getMessage(),
          e);
    }
    ctx.attribute(AUDIT_DETAIL, "sent " + String.join(", ", sent));
    ctx.status(202)
        .json(
            Map.of(
                "pushedBy",
                who.name(),
                "pushed",
                changes.stream()
                    .map(
                        c ->
                            Map.of(
                                "ruleId", c.ruleId(),
                                "version", c.version(),
                                "effectiveFrom", c.effectiveFrom().toString()))
                    .toList()));
  }

  private static String roleName(Account who) {
    return who.role().name().toLowerCase(Locale.ROOT);
  }

  // ---- audit ----------------------------------------------------------------------------

  /** After every operator's request that asks for a change: one entry, whatever the answer. */
  private void audit(Context ctx) {
    if (ctx.method() == HandlerType.GET
        || ctx.method() == HandlerType.HEAD
        || ctx.method() == HandlerType.OPTIONS
        || ctx.path().startsWith("/api/residents/")) {
      return;
    }
    Sessions.Session s = ctx.attribute("session");
    String actor = s != null ? s.account().name() : ctx.attribute(AUDIT_ACTOR);
    String role =
        s != null ? s.account().role().name().toLowerCase(Locale.ROOT) : ctx.attribute(AUDIT_ROLE);
    String action = ctx.attribute(AUDIT_ACTION);
    audit.record(
        actor == null ? "anonymous" : actor,
        role,
        ctx.ip(),
        action == null ? ctx.method() + " " + ctx.path() : action,
        ctx.attribute(AUDIT_TARGET),
        ctx.status().getCode(),
        ctx.attribute(AUDIT_DETAIL));
  }

  private void auditView(Context ctx) {
    Account who = session(ctx).account();
    if (who.role() != Role.SUPERVISOR) {
      throw new ApiError(403, "the audit log is for supervisors");
    }
    int limit;
    try {
      limit = Integer.parseInt(ctx.queryParamAsClass("limit", String.class).getOrDefault("100"));
    } catch (NumberFormatException e) {
      throw new ApiError(400, "limit must be a whole number");
    }
    if (limit < 1 || limit > AuditLog.RECENT) {
      throw new ApiError(400, "limit must be 1.." + AuditLog.RECENT);
    }
    ctx.json(audit.recent(limit));
  }

  // ---- live -----------------------------------------------------------------------------

  private void events(io.javalin.http.sse.SseClient client) {
    client.keepAlive();
    Consumer<Board.Change> watcher =
        change -> {
          if (!client.terminated()) {
            client.sendEvent(change.kind(), EventJson.writeString(change.record()));
          }
        };
    board.watch(watcher);
    client.onClose(() -> board.unwatch(watcher));
    client.sendComment("connected");
  }

  // ---- errors ---------------------------------------------------------------------------

  private static void error(Context ctx, int status, String message) {
    ctx.attribute(AUDIT_DETAIL, message);
    ctx.status(status).json(Map.of("error", message == null ? "error" : message));
  }

  private static boolean rootIsJson(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    app.stop();
  }
}
