package org.linli.core.error;

/**
 * The small, closed family of failures the domain reports. Each has a stable {@link #code()} that
 * the HTTP edge maps to a problem type and status in one place; callers never match on messages.
 */
public abstract sealed class LinliException extends RuntimeException
    permits InvalidInputException,
        NotFoundException,
        ConflictException,
        UnavailableException,
        UnauthenticatedException,
        ForbiddenException,
        RateLimitedException {

  protected LinliException(String message) {
    super(message, null, false, false);
  }

  /** A stable, lower-case, hyphenated code such as {@code invalid-input}. */
  public abstract String code();
}
