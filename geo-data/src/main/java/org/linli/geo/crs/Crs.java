package org.linli.geo.crs;

import java.util.Locale;
import java.util.Optional;
import org.linli.core.geo.GeoPoint;

/**
 * The coordinate systems a request may use. Linli stores and answers in WGS84; GCJ-02 (the datum of
 * Amap, Tencent and other Chinese map SDKs) and BD-09 (Baidu's) are converted at the edge.
 * Thread-safe.
 */
public enum Crs {
  /** EPSG:4326, the GPS datum. */
  WGS84,
  /**
   * The obfuscated datum mandated for maps published in China; about 300–600 m off WGS84 in
   * Shenzhen.
   */
  GCJ02,
  /** Baidu's further offset of GCJ-02. */
  BD09;

  /**
   * The system with this name (case-insensitive; {@code GCJ-02} and {@code BD-09} are accepted
   * too).
   */
  public static Optional<Crs> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Crs c : values()) {
      if (c.name().equals(n)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The problem's wording when {@code field} holds {@code value}, which {@link #parse} does not
   * know.
   */
  public static String unknown(String field, String value) {
    return field + " \"" + value + "\" is not one of WGS84, GCJ02, BD09";
  }

  /** Converts {@code p}, given in this system, to WGS84. */
  public GeoPoint toWgs84(GeoPoint p) {
    return switch (this) {
      case WGS84 -> p;
      case GCJ02 -> ChinaDatums.gcj02ToWgs84(p);
      case BD09 -> ChinaDatums.gcj02ToWgs84(ChinaDatums.bd09ToGcj02(p));
    };
  }

  /** Converts {@code p}, given in WGS84, to this system. */
  public GeoPoint fromWgs84(GeoPoint p) {
    return switch (this) {
      case WGS84 -> p;
      case GCJ02 -> ChinaDatums.wgs84ToGcj02(p);
      case BD09 -> ChinaDatums.gcj02ToBd09(ChinaDatums.wgs84ToGcj02(p));
    };
  }

  /** Converts {@code p} from this system to {@code target}. */
  public GeoPoint convert(GeoPoint p, Crs target) {
    return this == target ? p : target.fromWgs84(toWgs84(p));
  }
}
