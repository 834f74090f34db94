package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An operator's action on an incident, on {@code city.control} keyed by incident id. Only the
 * operators' console may write the topic (an ACL in deployment); the {@code role} a message claims
 * is checked by the jobs against their roster of actors, never trusted.
 *
 * @param messageId unique per action, so a re-sent action is applied once
 * @param incidentId the incident acted on
 * @param actor the person, as the console authenticated them
 * @param role the role the actor acts in
 * @param at when the action was taken (event time)
 * @param assignee for {@link Action#ASSIGN}: to whom
 * @param note free text, e.g. for {@link Action#NOTE} or why a false alarm
 * @param type for {@link Action#OPEN}: the kind of incident; its id must start with it ({@code
 *     urban_flooding:manual:...}), so the console knows the id before the job answers
 * @param area for {@link Action#OPEN}: where
 * @param severity for {@link Action#OPEN}: how bad; for {@link Action#ESCALATE}, optionally the
 *     severity to raise to (else one step up)
 */
public record ControlMessage(
    String messageId,
    String incidentId,
    Action action,
    String actor,
    Role role,
    Instant at,
    String assignee,
    String note,
    IncidentType type,
    Area area,
    Severity severity) {

  public static final int MAX_NOTE_LENGTH = 2_000;

  /** Any action but {@link Action#OPEN}: nothing to say of type, area or severity. */
  public ControlMessage(
      String messageId,
      String incidentId,
      Action action,
      String actor,
      Role role,
      Instant at,
      String assignee,
      String note) {
    this(messageId, incidentId, action, actor, role, at, assignee, note, null, null, null);
  }

  /** What an operator can do to an incident. */
  public enum Action {
    @JsonProperty("acknowledge")
    ACKNOWLEDGE,
    @JsonProperty("assign")
    ASSIGN,
    @JsonProperty("resolve")
    RESOLVE,
    @JsonProperty("escalate")
    ESCALATE,
    @JsonProperty("note")
    NOTE,
    @JsonProperty("false_alarm")
    FALSE_ALARM,
    @JsonProperty("approve_warning")
    APPROVE_WARNING,
    /** An incident the detectors did not see: a call, a field team. */
    @JsonProperty("open")
    OPEN
  }

  /** Who may do what: supervisors approve Severe and Extreme public warnings. */
  public enum Role {
    @JsonProperty("operator")
    OPERATOR,
    @JsonProperty("supervisor")
    SUPERVISOR
  }

  public ControlMessage validate() {
    Contract.text(messageId, "messageId", 200);
    Contract.text(incidentId, "incidentId", 200);
    Contract.present(action, "action");
    Contract.text(actor, "actor", 200);
    Contract.present(role, "role");
    Contract.present(at, "at");
    if (action == Action.ASSIGN) {
      Contract.text(assignee, "assignee", 200);
    } else {
      Contract.optionalText(assignee, "assignee", 200);
    }
    if (action == Action.NOTE) {
      Contract.text(note, "note", MAX_NOTE_LENGTH);
    } else {
      Contract.optionalText(note, "note", MAX_NOTE_LENGTH);
    }
    if (action == Action.OPEN) {
      Contract.present(type, "type");
      Contract.present(area, "area").validate("area");
      Contract.present(severity, "severity");
      Contract.require(
          incidentId.startsWith(type.code() + ":"),
          "incidentId",
          "of an incident opened by hand must start with its type '" + type.code() + ":'");
    } else if (area != null) {
      area.validate("area");
    }
    return this;
  }
}
