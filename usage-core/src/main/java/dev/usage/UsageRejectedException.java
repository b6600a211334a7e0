package dev.usage;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by {@link UsageEngine#record} when the engine is built to throw on rejections ({@link
 * UsageEngine.Builder#throwOnRejection()}) and some events of a batch were not stored. The events
 * that could be stored were stored before it was thrown; recording the same batch again after a
 * fix counts each of those once.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class UsageRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RecordResult result;

  UsageRejectedException(RecordResult result) {
    super(requireNonNull(result, "result").summary() + "; first: " + result.rejected().values().iterator().next()
        .get(0).detail());
    this.result = result;
  }

  /** {@return what the engine did with every event of the batch} */
  public RecordResult result() {
    return result;
  }
}
