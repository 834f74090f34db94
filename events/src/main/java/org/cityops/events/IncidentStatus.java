package org.cityops.events;

/** Alarm-style lifecycle: active or cleared, acknowledged by an operator or not. */
public enum IncidentStatus {
  ACTIVE_UNACK,
  ACTIVE_ACK,
  CLEARED_UNACK,
  CLEARED_ACK;

  public boolean isActive() {
    return this == ACTIVE_UNACK || this == ACTIVE_ACK;
  }
}
