package dev.usage.kafka;

/**
 * What one polled batch held and what became of it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param records the records polled
 * @param stored events stored for the first time
 * @param duplicates events stored before, now or in an earlier delivery: counted once
 * @param ignored events the tenant's plan ignores by policy; neither stored nor dead-lettered
 * @param deadLettered records sent to the dead-letter topic
 * @param nanos from the poll's return to the commit, in nanoseconds
 */
public record IngestBatch(int records, int stored, int duplicates, int ignored, int deadLettered, long nanos) {}
