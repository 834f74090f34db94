package org.cityops.geo;

/** A zones file that cannot be used; the message names the file, the feature and what is wrong. */
public final class ZoneFormatException extends RuntimeException {
  public ZoneFormatException(String message) {
    super(message);
  }

  public ZoneFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
