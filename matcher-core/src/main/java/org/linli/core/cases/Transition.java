package org.linli.core.cases;

import java.time.Instant;
import java.util.Objects;
import org.linli.core.Nullable;

/**
 * One entry of a case's history: what happened, when, who did it ({@code system} for timeouts and
 * matching), the status before and after, and the provider concerned (null when none).
 */
public record Transition(
    Instant at,
    String actor,
    CaseEvent event,
    @Nullable CaseStatus from,
    CaseStatus to,
    @Nullable String providerId) {
  public Transition {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(to, "to");
  }
}
