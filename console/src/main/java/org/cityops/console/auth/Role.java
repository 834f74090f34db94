package org.cityops.console.auth;

import org.cityops.events.ControlMessage;

/** What a console user may do: watch, act on incidents, or also approve public warnings. */
public enum Role {
  VIEWER,
  OPERATOR,
  SUPERVISOR;

  public boolean mayAct() {
    return this != VIEWER;
  }

  /** The role the control message claims (the jobs check it against their own roster). */
  public ControlMessage.Role asControlRole() {
    return this == SUPERVISOR ? ControlMessage.Role.SUPERVISOR : ControlMessage.Role.OPERATOR;
  }
}
