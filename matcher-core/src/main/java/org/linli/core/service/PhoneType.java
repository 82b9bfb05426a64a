package org.linli.core.service;

/** What a service's phone number is for. */
public enum PhoneType {
  OFFICE,
  MOBILE,
  HOTLINE,
  FAX,
  TEXT
}
