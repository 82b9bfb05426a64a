package org.linli.ranking;

import org.linli.core.geo.GeoPolygon;
import org.linli.core.geo.GreatCircle;
import org.linli.core.match.ScoreBlend;
import org.linli.core.provider.Provider;

/**
 * A matchable provider as the grid holds it: the values the hot loop reads, precomputed once per write.
 * Immutable. Only ACTIVE providers with spare capacity become entries; others can never be eligible.
 */
final class Entry {
  final Provider provider;
  /** What a match answer shows, kept here so that rendering one touches a single object. */
  final String id;
  final String name;
  final org.linli.core.provider.ProviderKind kindValue;
  final org.linli.core.rating.Rating rating;
  final TextDoc text;
  /** The location (WGS84 degrees), here so that building a cell's records reads this object alone. */
  final double lat;
  final double lon;
  /** Unit vector of the location on the sphere. */
  final double x;
  final double y;
  final double z;
  /**
   * {@code cos(reach / R)} where reach is the service radius, or for a polygon
   * {@link GeoPolygon#outerRadiusMeters} (a proven upper bound on the distance to any point of it). A need with a
   * smaller dot product is out of reach; for circles this is the exact eligibility test.
   */
  final double minDot;
  /** The squared chord of the same reach, {@code (2 sin(angle / 2))²}, which the hot scan compares. */
  final double reachChord2;
  /**
   * The squared chord within which every need is in the service area: the reach for a circle; for a polygon, of
   * {@link GeoPolygon#innerRadiusMeters} around the provider's location (0 when it is outside its polygon).
   */
  final double innerChord2;
  final GeoPolygon polygon;
  final long skillMask;
  final long languageMask;
  final double ratingFactor;
  final double capacityFactor;
  /** {@code id.hashCode()}, kept here so that comparing ids rarely needs the strings. */
  final int idHash;
  /** Bit {@code id % 64} set for each of the text's term ids: which query terms it may share ({@link TextQuery}). */
  final long termBits;

  /**
   * @param p the provider; the entry keeps a copy without its description, which only the text statistics need
   */
  Entry(Provider p, TextDoc text, long languageMask, org.linli.core.rating.Rating rating) {
    this.provider = new Provider(p.id(), p.kind(), p.name(), p.agencyId(), p.location(), p.serviceRadiusMeters(),
        p.serviceArea(), p.skills(), "", p.languages(), p.qualification(), p.capacity(), p.activeCases(),
        p.status(), p.rating(), p.updatedAt());
    this.text = text;
    this.id = p.id();
    this.name = p.name();
    this.kindValue = p.kind();
    this.rating = rating;
    this.lat = p.location().lat();
    this.lon = p.location().lon();
    double phi = Math.toRadians(lat);
    double lambda = Math.toRadians(lon);
    this.x = Math.cos(phi) * Math.cos(lambda);
    this.y = Math.cos(phi) * Math.sin(lambda);
    this.z = Math.sin(phi);
    this.polygon = p.serviceArea();
    double reach = Spherical.angle(polygon != null
        ? polygon.outerRadiusMeters(lat, lon) : p.serviceRadiusMeters());
    this.minDot = Math.cos(reach);
    this.reachChord2 = Spherical.chord2(reach);
    this.innerChord2 = polygon == null ? reachChord2
        : Spherical.chord2(Spherical.angle(polygon.innerRadiusMeters(lat, lon)));
    long mask = 0;
    for (var s : p.skills()) {
      mask |= 1L << s.ordinal();
    }
    this.skillMask = mask;
    this.languageMask = languageMask;
    this.ratingFactor = ScoreBlend.ratingFactor(rating.score());
    this.capacityFactor = ScoreBlend.capacityFactor(p.capacity(), p.activeCases());
    this.idHash = p.id().hashCode();
    this.termBits = TextQuery.termBits(text.termIds());
  }

  String id() {
    return id;
  }
}
