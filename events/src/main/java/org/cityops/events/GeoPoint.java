package org.cityops.events;

/**
 * A WGS84 position in decimal degrees.
 *
 * @param lat latitude, -90..90
 * @param lon longitude, -180..180
 */
public record GeoPoint(double lat, double lon) implements java.io.Serializable {

  /** Checks the ranges; {@code field} names the enclosing field in the message. */
  public void validate(String field) {
    Contract.require(
        Double.isFinite(lat) && lat >= -90 && lat <= 90,
        field + ".lat",
        "must be a latitude between -90 and 90, was " + lat);
    Contract.require(
        Double.isFinite(lon) && lon >= -180 && lon <= 180,
        field + ".lon",
        "must be a longitude between -180 and 180, was " + lon);
  }

  /** Great-circle distance in metres (haversine; good to well under 1% at city scale). */
  public double distanceMetresTo(GeoPoint other) {
    double earthRadiusM = 6_371_008.8;
    double dLat = Math.toRadians(other.lat - lat);
    double dLon = Math.toRadians(other.lon - lon);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
