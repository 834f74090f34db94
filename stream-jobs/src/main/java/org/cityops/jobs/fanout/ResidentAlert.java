package org.cityops.jobs.fanout;

import org.cityops.events.CapAlert;

/** A warning that concerns a resident's place, before deduplication per resident. */
public record ResidentAlert(String residentId, CapAlert alert, String place) {}
