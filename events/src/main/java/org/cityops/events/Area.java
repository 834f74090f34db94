package org.cityops.events;

/**
 * Where an incident applies: a circle around {@code center}, optionally named after a zone (a rain
 * zone, a neighbourhood).
 */
public record Area(GeoPoint center, double radiusM, String zone) {

  public void validate(String field) {
    Contract.present(center, field + ".center").validate(field + ".center");
    Contract.require(
        Double.isFinite(radiusM) && radiusM >= 0 && radiusM <= 100_000,
        field + ".radiusM",
        "must be between 0 and 100000 m, was " + radiusM);
    Contract.optionalText(zone, field + ".zone", 200);
  }
}
