package org.cityops.events;

/**
 * A message broke the contract: a required field is missing, malformed or out of range. The {@link
 * #field()} is a JSON path such as {@code location.lat}, so the rejection can say exactly what to
 * fix.
 */
public final class ContractViolation extends RuntimeException {
  private final String field;

  public ContractViolation(String field, String problem) {
    super("field '" + field + "' " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
