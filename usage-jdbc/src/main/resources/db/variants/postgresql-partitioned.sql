-- A monthly-partitioned usage_events for PostgreSQL 15+, for deployments that keep years of
-- events and drop or archive old months. Not applied by migrate(). To adopt it, run this script
-- once on a schema whose usage_events is still empty: right after the first migrate(), before the
-- first append. (Run after V1__usage_events.sql alone, before migrate(), it works too: V1 creates
-- its table and index only IF NOT EXISTS, so migrate() then keeps this table.)
--
-- The script takes the columns, defaults and checks from the table the migrations created
-- (CREATE TABLE ... LIKE), so they are written once, in the migrations, and stay the same here;
-- it adds only what partitioning changes: the primary key, the partitions, and the index, which
-- a partitioned table creates on each partition.
--
-- occurred_at is epoch nanoseconds (BIGINT), so partition bounds are nanoseconds too; the
-- expressions below are evaluated once, when each partition is created.
--
-- A partitioned table's unique keys must contain the partition key, so the primary key here is
-- (organization, workspace, event_id, occurred_at). The store's insert (ON CONFLICT DO NOTHING
-- without a conflict target) still skips a retried event, which carries the same time. What the
-- database can no longer catch is the same id sent again with a DIFFERENT occurred_at: it becomes
-- a second row instead of a reported conflict. Hosts that derive event ids from the facts they
-- describe (call id + metric) never do that; if yours might, keep the unpartitioned table.
--
-- Citus: distribute by tenant after creating the partitions:
--   SELECT create_distributed_table('usage_events', 'organization');

BEGIN;

-- The unpartitioned table is dropped below, so refuse one that holds events.
DO $$ BEGIN IF EXISTS (SELECT FROM usage_events) THEN RAISE EXCEPTION 'usage_events is not empty'; END IF; END $$;

ALTER TABLE usage_events RENAME TO usage_events_unpartitioned;
CREATE TABLE usage_events (LIKE usage_events_unpartitioned INCLUDING ALL EXCLUDING INDEXES)
  PARTITION BY RANGE (occurred_at);
DROP TABLE usage_events_unpartitioned;

ALTER TABLE usage_events ADD CONSTRAINT usage_events_pk PRIMARY KEY (organization, workspace, event_id, occurred_at);
CREATE INDEX usage_events_by_time ON usage_events (organization, workspace, occurred_at, event_id);

-- One partition per UTC month; create next month's ahead of time (a scheduled job, pg_partman).
CREATE TABLE usage_events_2026_01 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-01-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-02-01 00:00:00+00') * 1000000000)::BIGINT);
CREATE TABLE usage_events_2026_02 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-02-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-03-01 00:00:00+00') * 1000000000)::BIGINT);
CREATE TABLE usage_events_2026_03 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-03-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-04-01 00:00:00+00') * 1000000000)::BIGINT);

-- Late or early events outside every month land here instead of failing the batch.
CREATE TABLE usage_events_other PARTITION OF usage_events DEFAULT;

COMMIT;
