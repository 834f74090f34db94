package org.cityops.jobs.health;

import org.cityops.events.CitizenReport;

/** A resident's report of suspected dengue put in the neighbourhood its place lies in. */
public record PlacedReport(CitizenReport report, String neighbourhood) {}
