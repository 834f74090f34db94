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
 */
public record ControlMessage(
    String messageId,
    String incidentId,
    Action action,
    String actor,
    Role role,
    Instant at,
    String assignee,
    String note) {

  public static final int MAX_NOTE_LENGTH = 2_000;

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
    APPROVE_WARNING
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
    return this;
  }
}
