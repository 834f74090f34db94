package org.cityops.events;

/**
 * What one resident receives for one CAP message that concerns one of their places, on MQTT {@code
 * city/residents/<residentId>/alerts}. Residents' apps deduplicate on {@code identifier} (the CAP
 * message: incident and version); the engine sends each at most once per resident, and a re-send
 * after a restart is byte-identical.
 *
 * @param place the name of the resident's place it concerns, if the resident named it
 */
public record Notification(
    String residentId,
    String identifier,
    String incidentId,
    long incidentVersion,
    CapAlert.MsgType msgType,
    Severity severity,
    String headline,
    String instruction,
    String sent,
    String area,
    String place) {}
