package org.linli.core.region;

import java.util.Locale;
import java.util.Optional;
import org.linli.core.Nullable;

/** Administrative levels, coarsest first. */
public enum RegionLevel {
  CITY,
  DISTRICT,
  STREET;

  /** The lower-case name used in the API ({@code city}, {@code district}, {@code street}). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level named {@code s} (case-insensitive), if any. */
  public static Optional<RegionLevel> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (RegionLevel l : values()) {
      if (l.name().equalsIgnoreCase(s.trim())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The next coarser level, or null for the city. */
  public @Nullable RegionLevel parent() {
    return ordinal() == 0 ? null : values()[ordinal() - 1];
  }
}
