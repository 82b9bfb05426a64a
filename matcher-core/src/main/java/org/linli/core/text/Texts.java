package org.linli.core.text;

import java.util.Locale;
import org.linli.core.Nullable;

/** Rules for text that comes from clients, whatever the format it came in. */
public final class Texts {
  private Texts() {}

  /**
   * What is wrong with {@code text} as text from a client: a control character other than tab, line
   * feed and carriage return, or half of a surrogate pair; null when nothing is.
   */
  public static @Nullable String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return String.format(
            Locale.ROOT,
            "contains the control character U+%04X at position %d; remove it",
            (int) c,
            i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(
            Locale.ROOT,
            "contains half of a UTF-16 surrogate pair (U+%04X) at position"
                + " %d, which is not a character",
            (int) c,
            i);
      }
    }
    return null;
  }
}
