package org.linli.core.service;

import java.time.LocalDate;
import org.linli.core.Nullable;

/**
 * Days a service is closed whatever its schedules say: {@code from} to {@code to}, both included,
 * in the service's time zone (checked by {@link ServiceDetails}).
 *
 * @param reason why, for residents (春节), or null
 */
public record Closure(LocalDate from, LocalDate to, @Nullable String reason) {
  /** Whether the closure covers {@code date}. */
  public boolean covers(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }
}
