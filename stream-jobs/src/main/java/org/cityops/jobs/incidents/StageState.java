package org.cityops.jobs.incidents;

import java.time.Instant;

/**
 * The city's published stage and, while the incidents call for a lower one, since when.
 *
 * @param published the stage last published
 * @param lowerSince start of the current spell in which the incidents call for less, or null
 */
public record StageState(int published, Instant lowerSince) {}
