package org.cityops.roads;

/** An OSM XML document this reader cannot use; the message names the file and line. */
public final class OsmFormatException extends RuntimeException {
  public OsmFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
