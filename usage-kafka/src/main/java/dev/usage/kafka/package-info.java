/**
 * Scale-out ingestion on Apache Kafka.
 *
 * <p>Services publish usage events with a {@link dev.usage.kafka.UsagePublisher}: one record per
 * event, in {@link dev.usage.kafka.UsageRecordFormat}, keyed by tenant so that a tenant's events
 * stay in order on one partition. {@link dev.usage.kafka.IngestWorker}s form a consumer group over
 * the topic's partitions; each records its batches through a {@code UsageEngine} into any {@code
 * UsageStore} and commits offsets only after the store committed. Because stores count an event id
 * once, a batch read twice (after a crash, a rebalance, a lost commit) changes no total: totals are
 * exactly-once although delivery is at-least-once. Records that cannot be read or stored go to a
 * dead-letter topic with a {@link dev.usage.kafka.DeadLetter reason}.
 *
 * <p>Kafka does the distributed work (partition ownership, failover, rebalancing, replication);
 * this package adds no coordination of its own.
 */
package dev.usage.kafka;
