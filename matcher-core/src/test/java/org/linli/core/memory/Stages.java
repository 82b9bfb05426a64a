package org.linli.core.memory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** What tests of flows do with the stages the flows answer. */
public final class Stages {
  private Stages() {}

  /** The stage's value, waiting for it. */
  public static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  /** Why the stage failed, or null when it did not. */
  public static Throwable failure(CompletionStage<?> s) {
    try {
      s.toCompletableFuture().join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
