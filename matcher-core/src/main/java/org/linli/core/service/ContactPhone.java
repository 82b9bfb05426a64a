package org.linli.core.service;

/**
 * A number to call a service on (checked by {@link ServiceDetails}).
 *
 * @param number as people dial it: digits with spaces, hyphens, parentheses, a leading + and an
 *     extension after {@code ,} or {@code 转}
 * @param type what the number is for
 */
public record ContactPhone(String number, PhoneType type) {}
