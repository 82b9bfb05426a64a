package org.linli.core.rating;

import java.util.Locale;

/**
 * The four aspects of a service a resident rates besides the overall rating, in their canonical
 * order.
 */
public enum Dimension {
  TIMELINESS,
  PROFESSIONALISM,
  ATTITUDE,
  OUTCOME;

  /** The JSON field name ({@code timeliness}…). */
  public String field() {
    return name().toLowerCase(Locale.ROOT);
  }
}
