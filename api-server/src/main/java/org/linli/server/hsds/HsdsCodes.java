package org.linli.server.hsds;

import java.util.Locale;
import java.util.Map;
import org.linli.core.service.Accessibility;
import org.linli.core.service.PhoneType;

/** The names Linli uses in HSDS documents: its attribute codes, and the mappings of its codes. */
final class HsdsCodes {
  /** The taxonomy of Linli's own attributes. */
  static final String TAXONOMY = "linli";

  static final String ID = "id";
  static final String AGENCY = "agencyId";
  static final String KIND = "kind";
  static final String SKILLS = "skills";
  static final String RADIUS = "serviceRadiusMeters";
  static final String CAPACITY = "capacity";
  static final String QUALIFICATION = "qualification";
  static final String RESIDENCE = "residence";
  static final String INCOME = "income";
  static final String DISABILITY = "disabilityRequired";
  static final String CLOSURES = "closures";
  static final String STATUS = "status";
  static final String STATUS_REASON = "statusReason";
  static final String STATUS_UNTIL = "statusUntil";
  static final String TIME_ZONE = "timeZone";

  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry(ID, "The Linli provider id of this service at its location"),
          Map.entry(AGENCY, "The Linli agency id of the provider, empty for none"),
          Map.entry(KIND, "Linli provider kind: WORKER, AGENCY or PROJECT"),
          Map.entry(SKILLS, "Linli skill codes, comma-separated (GET /api/v1/taxonomy)"),
          Map.entry(RADIUS, "Service radius in metres around the location"),
          Map.entry(CAPACITY, "How many open cases the provider can hold"),
          Map.entry(QUALIFICATION, "Qualification label"),
          Map.entry(RESIDENCE, "Registrations admitted: LOCAL_HUKOU, RESIDENCE_PERMIT, NONE"),
          Map.entry(INCOME, "Assistance standings admitted: DIBAO, DIBIAN, NONE"),
          Map.entry(DISABILITY, "Serves only people with a disability"),
          Map.entry(CLOSURES, "Closed date ranges, as a JSON array of {from, to, reason}"),
          Map.entry(STATUS, "Linli status: INACTIVE or SUSPENDED"),
          Map.entry(STATUS_REASON, "Why the provider has its status"),
          Map.entry(STATUS_UNTIL, "The day the status ends"),
          Map.entry(TIME_ZONE, "IANA time zone of the schedules and dates"));

  private HsdsCodes() {}

  /**
   * The HSDS id (a UUID, as the specification asks) of a Linli thing: a name-based UUID of its
   * parts, so the same provider always exports the same ids.
   */
  static String uuid(String... parts) {
    return java.util
        .UUID
        .nameUUIDFromBytes(
            ("linli:" + String.join(":", parts)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  static String describe(String code) {
    return DESCRIPTIONS.getOrDefault(code, code);
  }

  /** An RFC 6350 phone type, as HSDS phones use. */
  static String phoneType(PhoneType t) {
    return switch (t) {
      case OFFICE, HOTLINE -> "voice";
      case MOBILE -> "cell";
      case FAX -> "fax";
      case TEXT -> "text";
    };
  }

  /** Linli's phone type for an HSDS phone: its description when that names one, else its type. */
  static PhoneType phoneType(String type, String description) {
    for (PhoneType t : PhoneType.values()) {
      if (t.name().equals(description)) {
        return t;
      }
    }
    return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
      case "cell" -> PhoneType.MOBILE;
      case "fax" -> PhoneType.FAX;
      case "text", "textphone" -> PhoneType.TEXT;
      default -> PhoneType.OFFICE;
    };
  }

  /**
   * The kinds of access an HSDS accessibility description (or an older directory's keyword) names:
   * Linli's own codes, or plain words such as "wheelchair", "induction loop", "sign language".
   */
  static java.util.Set<Accessibility> accessibility(String text) {
    java.util.Set<Accessibility> out = java.util.EnumSet.noneOf(Accessibility.class);
    if (text == null) {
      return out;
    }
    for (Accessibility a : Accessibility.values()) {
      if (text.trim().equals(a.name())) {
        out.add(a);
        return out;
      }
    }
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("wheelchair") || t.contains("ramp") || t.contains("轮椅") || t.contains("无障碍")) {
      out.add(Accessibility.WHEELCHAIR);
    }
    if (t.contains("sign language") || t.contains("手语")) {
      out.add(Accessibility.SIGN_LANGUAGE);
    }
    if (t.contains("braille") || t.contains("盲文")) {
      out.add(Accessibility.BRAILLE);
    }
    if (t.contains("induction loop") || t.contains("hearing") || t.contains("助听")) {
      out.add(Accessibility.HEARING_LOOP);
    }
    if (t.contains("home visit") || t.contains("上门")) {
      out.add(Accessibility.HOME_VISIT);
    }
    return out;
  }
}
