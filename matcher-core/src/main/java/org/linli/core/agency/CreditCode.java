package org.linli.core.agency;

import org.linli.core.Nullable;

/**
 * The 18-character unified social credit code (统一社会信用代码) of GB 32100-2015: 17 characters and a
 * check character, all from the 31 characters {@code 0-9} and {@code A-Y} without I, O, S, V and Z.
 * The check character is {@code 31 - (Σ value(cᵢ) · wᵢ mod 31)} (31 counting as 0) with the weights
 * {@code 3^(i-1) mod 31}, so any single changed character is detected. Stateless.
 */
public final class CreditCode {
  /** The characters of a code, in value order. */
  static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  private static final int[] WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  private CreditCode() {}

  /** The check character of a code beginning with these 17 characters (all from the alphabet). */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
    }
    int v = 31 - sum % 31;
    return ALPHABET.charAt(v == 31 ? 0 : v);
  }

  /**
   * What is wrong with {@code code}, saying which check character it needs; null when it is valid.
   */
  public static @Nullable String problem(@Nullable String code) {
    if (code == null || code.length() != 18) {
      return "creditCode must be the 18-character unified social credit code (统一社会信用代码), got "
          + (code == null ? "none" : code.length() + " characters");
    }
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return "creditCode character "
            + (i + 1)
            + " \""
            + code.charAt(i)
            + "\" is not one of 0-9 and the capitals A-Y without I, O, S, V, Z";
      }
    }
    char expected = checkCharacter(code.substring(0, 17));
    if (code.charAt(17) != expected) {
      return "creditCode "
          + code
          + " fails its check: with these first 17 characters the 18th must be "
          + expected
          + ", not "
          + code.charAt(17)
          + " (GB 32100-2015); look for a mistyped character";
    }
    return null;
  }

  /** Whether {@code code} is a well-formed code with the right check character. */
  public static boolean isValid(@Nullable String code) {
    return problem(code) == null;
  }
}
