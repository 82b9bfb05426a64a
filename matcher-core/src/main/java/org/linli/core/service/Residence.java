package org.linli.core.service;

/** A resident's registration where the service is: local hukou, a residence permit, or neither. */
public enum Residence {
  LOCAL_HUKOU,
  RESIDENCE_PERMIT,
  NONE
}
