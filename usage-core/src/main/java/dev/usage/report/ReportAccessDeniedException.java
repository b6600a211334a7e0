package dev.usage.report;

/**
 * Thrown when a caller asks for a report it may not read: a scope is missing, or the report is of
 * another tenant or another member. A web layer maps it to HTTP 403.
 *
 * <p>The message names the scope that was missing, never whether another tenant exists or what
 * its data holds.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class ReportAccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused, without any other tenant's data
   */
  public ReportAccessDeniedException(String message) {
    super(message);
  }
}
