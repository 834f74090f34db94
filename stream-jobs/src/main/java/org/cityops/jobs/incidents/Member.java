package org.cityops.jobs.incidents;

/**
 * A detection and the incident it belongs to.
 *
 * @param incidentId the managed incident; it may be closed already (an operator resolved it while
 *     the detection is still active: the detection's further versions are ignored until it clears)
 * @param detectionJson the detection's newest version
 */
public record Member(String incidentId, String detectionJson) {}
