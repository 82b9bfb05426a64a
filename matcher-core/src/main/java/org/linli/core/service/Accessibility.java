package org.linli.core.service;

/** A way a service is accessible; a match may require several. At most 8 (the index keeps bits). */
public enum Accessibility {
  /** Step-free entrance and rooms. */
  WHEELCHAIR,
  /** Staff who sign (Chinese Sign Language). */
  SIGN_LANGUAGE,
  /** The service comes to the resident's home. */
  HOME_VISIT,
  /** Printed matter in braille, or read aloud. */
  BRAILLE,
  /** An induction loop or other hearing help. */
  HEARING_LOOP,
  /** Served by phone or online as well. */
  REMOTE
}
