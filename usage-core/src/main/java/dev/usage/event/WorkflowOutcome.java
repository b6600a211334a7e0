package dev.usage.event;

/**
 * How a workflow run ended.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum WorkflowOutcome {
  /** The run completed. */
  SUCCEEDED,
  /** The run stopped on an error. */
  FAILED
}
