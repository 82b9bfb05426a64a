package org.linli.core.cases;

import java.time.Instant;
import java.util.Objects;
import org.linli.core.Nullable;

/**
 * One entry of a case's history: what happened, when, who did it ({@code system} for timeouts and
 * matching), the status before and after, the provider concerned (null when none), and what the
 * provider said with it (a decline's reason, a completion's outcome; null otherwise).
 */
public record Transition(
    Instant at,
    String actor,
    CaseEvent event,
    @Nullable CaseStatus from,
    CaseStatus to,
    @Nullable String providerId,
    @Nullable StepDetail detail) {
  public Transition {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(to, "to");
  }

  /** A step with nothing said. */
  public Transition(
      Instant at,
      String actor,
      CaseEvent event,
      @Nullable CaseStatus from,
      CaseStatus to,
      @Nullable String providerId) {
    this(at, actor, event, from, to, providerId, null);
  }
}
