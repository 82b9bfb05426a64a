package org.linli.core.service;

/** What using a service costs a resident. */
public enum CostType {
  FREE,
  SUBSIDISED,
  PAID
}
