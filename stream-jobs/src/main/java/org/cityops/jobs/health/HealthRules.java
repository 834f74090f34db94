package org.cityops.jobs.health;

import java.io.Serializable;

/**
 * The id and version of the disease-hotspot rule (the dengue levels) the health job starts with. A
 * rules file gives its own; levels from single settings ({@code health.levels.*}) are version 0 of
 * {@code dengue}, so that any version pushed at run time ({@code city.control}, versions from 1)
 * takes over.
 */
public record HealthRules(String diseaseRuleId, long diseaseVersion) implements Serializable {
  public static final HealthRules FROM_SETTINGS = new HealthRules("dengue", 0);
}
