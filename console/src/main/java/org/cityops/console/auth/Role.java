package org.cityops.console.auth;

import org.cityops.events.ControlMessage;

/**
 * What a console user may do: watch (viewer); act on incidents (operator); also approve public
 * warnings and push detection rules (supervisor); watch and push detection rules, but not act on
 * incidents (engineer: the people who tune the jobs).
 */
public enum Role {
  VIEWER,
  OPERATOR,
  SUPERVISOR,
  ENGINEER;

  /** Acknowledge, assign, resolve, ... an incident, or open one. */
  public boolean mayAct() {
    return this == OPERATOR || this == SUPERVISOR;
  }

  /** Send new versions of detection rules to the running jobs. */
  public boolean mayPushRules() {
    return this == ENGINEER || this == SUPERVISOR;
  }

  /** The role the control message claims (the jobs check it against their own roster). */
  public ControlMessage.Role asControlRole() {
    return this == SUPERVISOR ? ControlMessage.Role.SUPERVISOR : ControlMessage.Role.OPERATOR;
  }
}
