package org.linli.ranking;

import org.linli.core.geo.GeoPolygon;
import org.linli.core.match.ScoreBlend;
import org.linli.core.provider.Provider;

/**
 * A matchable provider as the grid holds it: the values the hot loop reads, precomputed once per write.
 * Immutable. Only ACTIVE providers with spare capacity become entries; others can never be eligible.
 */
final class Entry {
  final Provider provider;
  final TextDoc text;
  /** Unit vector of the location on the sphere. */
  final double x;
  final double y;
  final double z;
  /** {@code cos(serviceRadius / R)}: the need is inside the circle when dot >= this. -2 for polygon areas. */
  final double minDot;
  final GeoPolygon polygon;
  final long skillMask;
  final long languageMask;
  final int kind;
  final double ratingFactor;
  final double capacityFactor;

  Entry(Provider p, TextDoc text, long languageMask, double ratingScore) {
    this.provider = p;
    this.text = text;
    double lat = Math.toRadians(p.location().lat());
    double lon = Math.toRadians(p.location().lon());
    this.x = Math.cos(lat) * Math.cos(lon);
    this.y = Math.cos(lat) * Math.sin(lon);
    this.z = Math.sin(lat);
    this.polygon = p.serviceArea();
    this.minDot = polygon != null ? -2 : Math.cos(Spherical.angle(p.serviceRadiusMeters()));
    long mask = 0;
    for (var s : p.skills()) {
      mask |= 1L << s.ordinal();
    }
    this.skillMask = mask;
    this.languageMask = languageMask;
    this.kind = p.kind().ordinal();
    this.ratingFactor = ScoreBlend.ratingFactor(ratingScore);
    this.capacityFactor = ScoreBlend.capacityFactor(p.capacity(), p.activeCases());
  }

  String id() {
    return provider.id();
  }
}
