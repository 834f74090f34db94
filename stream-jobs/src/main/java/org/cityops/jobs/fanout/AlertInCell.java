package org.cityops.jobs.fanout;

import org.cityops.events.CapAlert;

/**
 * A warning routed to one cell: {@code covered} is false for a cell its area has left (or that a
 * Cancel reaches), which then forgets it.
 */
public record AlertInCell(String cell, CapAlert alert, boolean covered) {}
