package org.linli.core.accounts;

import org.linli.core.error.InvalidInputException;

/**
 * A mainland mobile number as residents sign in with it: 11 digits starting with 1. Spaces, dashes
 * and a {@code +86} or {@code 0086} prefix are accepted and dropped. Personal information: kept
 * only sealed or hashed, never logged ({@link #toString} masks it).
 */
public record Phone(String digits) {
  public Phone {
    if (digits == null || !digits.matches("1[3-9][0-9]{9}")) {
      throw new InvalidInputException(
          "phone", "give a mainland mobile number of 11 digits, such as 13812345678");
    }
  }

  /** {@code text} as a phone, or a 400 naming the field. */
  public static Phone parse(String text) {
    if (text == null) {
      throw new InvalidInputException("phone", "the phone number is required");
    }
    String d = text.replaceAll("[\\s\\-()]", "");
    if (d.startsWith("+86")) {
      d = d.substring(3);
    } else if (d.startsWith("0086")) {
      d = d.substring(4);
    }
    return new Phone(d);
  }

  /** {@code 138****5678}. */
  public String masked() {
    return digits.substring(0, 3) + "****" + digits.substring(7);
  }

  @Override
  public String toString() {
    return masked();
  }
}
