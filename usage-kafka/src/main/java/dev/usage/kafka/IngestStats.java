package dev.usage.kafka;

/**
 * A worker's counts since it started.
 *
 * <p>{@code stored} and {@code duplicates} count what the store answered for each event. A batch
 * that failed part-way (one tenant's events committed, the next tenant's call failed) is recorded
 * again whole, and the events the failed attempt did store count as duplicates then: the store's
 * own totals are exact, these counts split them between the two outcomes as the last attempt saw.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param records records read in batches that were stored and committed
 * @param stored events stored for the first time
 * @param duplicates events the store had already: redeliveries and duplicates published
 * @param ignored events the tenant's plan ignores by policy
 * @param deadLettered records sent to the dead-letter topic
 * @param batches batches stored
 * @param storeFailures store calls that failed and were retried
 * @param failedCommits offset commits that failed; the batch is read again by the partition's owner
 * @param rebalances times partitions were revoked or lost
 * @param lag records behind on the worker's partitions, as last measured
 */
public record IngestStats(long records, long stored, long duplicates, long ignored, long deadLettered, long batches,
    long storeFailures, long failedCommits, long rebalances, long lag) {}
