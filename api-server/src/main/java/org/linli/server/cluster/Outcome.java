package org.linli.server.cluster;

import java.io.Serializable;
import java.util.function.Supplier;
import org.linli.core.error.LinliException;

/**
 * What an entry processor answers: its value, or the domain refusal (403, 404, 409 …) that a
 * caller's mistake earned. Refusals travel back as values rather than exceptions, because Hazelcast
 * logs every exception thrown in an entry processor at ERROR: ordinary client mistakes would fill
 * the log and set off error alerts. A processor that refuses has changed nothing. Immutable.
 *
 * @param <R> the value's type
 */
public record Outcome<R>(R value, LinliException refusal) implements Serializable {
  /**
   * Runs {@code body}, keeping a domain refusal it throws as the outcome; any other failure is
   * thrown.
   */
  static <R> Outcome<R> of(Supplier<R> body) {
    try {
      return new Outcome<>(body.get(), null);
    } catch (LinliException e) {
      return new Outcome<>(null, e);
    }
  }

  /**
   * The value, or the refusal thrown here, on the caller's side, where the error mapper answers it.
   */
  public R orThrow() {
    if (refusal != null) {
      refusal.setStackTrace(
          new StackTraceElement[0]); // the partition thread's stack says nothing to the caller
      throw refusal;
    }
    return value;
  }
}
