package org.cityops.events;

import java.util.Collection;

/** Small checks shared by the contract records; each failure names the field it is about. */
public final class Contract {
  private Contract() {}

  public static void require(boolean condition, String field, String message) {
    if (!condition) {
      throw new ContractViolation(field, message);
    }
  }

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new ContractViolation(field, "is required");
    }
    return value;
  }

  public static String text(String value, String field, int maxLength) {
    present(value, field);
    require(!value.isBlank(), field, "must not be blank");
    require(value.length() <= maxLength, field, "must be at most " + maxLength + " characters");
    return value;
  }

  public static void optionalText(String value, String field, int maxLength) {
    if (value != null) {
      require(value.length() <= maxLength, field, "must be at most " + maxLength + " characters");
    }
  }

  public static void finiteOrAbsent(Double value, String field) {
    if (value != null) {
      require(Double.isFinite(value), field, "must be a finite number, was " + value);
    }
  }

  public static void notEmpty(Collection<?> values, String field) {
    present(values, field);
    require(!values.isEmpty(), field, "must not be empty");
  }
}
