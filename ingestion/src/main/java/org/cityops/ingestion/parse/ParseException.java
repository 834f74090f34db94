package org.cityops.ingestion.parse;

import org.cityops.events.RejectReason;

/** Input that cannot become a contract record; carries the reason code for city.rejected. */
public final class ParseException extends Exception {
  private final RejectReason reason;

  public ParseException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
