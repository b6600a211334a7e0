package dev.usage.kafka;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Hears what an {@link IngestWorker} does: batches stored, records dead-lettered, store failures
 * and consumer lag. For metrics and alerts; the engine's own {@code UsageListener} still hears each
 * event's outcome.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs. Calls
 * come from the worker's thread, one at a time; an implementation shared by several workers must
 * be thread-safe. An exception thrown by a method is logged and ignored: observing never stops
 * ingestion.
 */
public interface IngestListener {

  /** A listener that does nothing. */
  IngestListener NONE = new IngestListener() {};

  /**
   * A batch was stored and its offsets committed (or handed to the next owner, if the commit lost
   * a rebalance).
   *
   * @param batch what the batch held and what became of it
   */
  default void batchStored(IngestBatch batch) {}

  /**
   * A record went to the dead-letter topic; told after the dead-letter topic acknowledged it.
   *
   * @param letter why, and where the record came from
   */
  default void deadLettered(DeadLetter letter) {}

  /**
   * Recording a batch failed (the store was unreachable, say); the worker will read the batch
   * again after a back-off.
   *
   * @param failure what the engine or store threw
   * @param attempt how many times in a row this has failed, from 1
   */
  default void storeFailed(RuntimeException failure, int attempt) {}

  /**
   * The consumer lag of the worker's partitions: how many records each holds past what the worker
   * consumed. Told at most once a second while the worker polls, and only for partitions whose lag
   * the consumer knows.
   *
   * @param lagByPartition records behind, per assigned partition
   */
  default void lag(Map<TopicPartition, Long> lagByPartition) {}
}
