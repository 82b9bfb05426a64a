package org.linli.core.service;

/**
 * A resident's standing in social assistance: 低保 (minimum living allowance), 低边 (just above it), or
 * neither.
 */
public enum Income {
  DIBAO,
  DIBIAN,
  NONE
}
