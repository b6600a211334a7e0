-- A monthly-partitioned usage_events for PostgreSQL 15+, for deployments that keep years of
-- events and drop or archive old months. Not applied by migrate(). To adopt it, run this script
-- on an empty schema BEFORE the first migrate(): V1__usage_events.sql creates its table and index
-- only IF NOT EXISTS, so migrate() then keeps this table and records version 1.
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

-- V1__usage_events.sql's columns, repeated on purpose: a schema script must be self-contained.
CREATE TABLE IF NOT EXISTS usage_events (
  organization        VARCHAR(64)    COLLATE "C" NOT NULL,
  workspace           VARCHAR(64)    COLLATE "C" NOT NULL,
  event_id            VARCHAR(200)   COLLATE "C" NOT NULL,
  occurred_at         BIGINT         NOT NULL,
  metric              VARCHAR(65)    COLLATE "C" NOT NULL,
  quantity            BIGINT         NOT NULL,
  billable            BIGINT         NOT NULL,
  credits_micros      BIGINT         NOT NULL,
  channel             VARCHAR(256)   COLLATE "C",
  direction           VARCHAR(256)   COLLATE "C",
  provider            VARCHAR(256)   COLLATE "C",
  model               VARCHAR(256)   COLLATE "C",
  model_type          VARCHAR(256)   COLLATE "C",
  phone_number        VARCHAR(256)   COLLATE "C",
  member              VARCHAR(256)   COLLATE "C",
  assistant           VARCHAR(256)   COLLATE "C",
  campaign            VARCHAR(256)   COLLATE "C",
  contact             VARCHAR(256)   COLLATE "C",
  call_id             VARCHAR(256)   COLLATE "C",
  custom_dimensions   TEXT           COLLATE "C",
  reverses_id         VARCHAR(200)   COLLATE "C",
  rate_card_version   VARCHAR(128)   COLLATE "C" NOT NULL,
  rate_credits        NUMERIC(38, 6),
  rate_per            BIGINT,
  rate_in_increments  BOOLEAN,
  rate_metric         VARCHAR(65)    COLLATE "C" NOT NULL,
  multiplier          NUMERIC(38, 6) NOT NULL,
  multiplier_model    VARCHAR(513)   COLLATE "C",
  cached_token_factor NUMERIC(38, 6),
  billing_increment   VARCHAR(40)    COLLATE "C",
  rounding            VARCHAR(16)    COLLATE "C" NOT NULL,
  recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT usage_events_pk PRIMARY KEY (organization, workspace, event_id, occurred_at),
  CONSTRAINT usage_events_rate CHECK ((rate_credits IS NULL) = (rate_per IS NULL)
      AND (rate_credits IS NULL) = (rate_in_increments IS NULL))
) PARTITION BY RANGE (occurred_at);

CREATE INDEX IF NOT EXISTS usage_events_by_time ON usage_events (organization, workspace, occurred_at, event_id);

-- One partition per UTC month; create next month's ahead of time (a scheduled job, pg_partman).
CREATE TABLE IF NOT EXISTS usage_events_2026_01 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-01-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-02-01 00:00:00+00') * 1000000000)::BIGINT);
CREATE TABLE IF NOT EXISTS usage_events_2026_02 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-02-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-03-01 00:00:00+00') * 1000000000)::BIGINT);
CREATE TABLE IF NOT EXISTS usage_events_2026_03 PARTITION OF usage_events FOR VALUES
  FROM ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-03-01 00:00:00+00') * 1000000000)::BIGINT)
  TO ((EXTRACT(EPOCH FROM TIMESTAMPTZ '2026-04-01 00:00:00+00') * 1000000000)::BIGINT);

-- Late or early events outside every month land here instead of failing the batch.
CREATE TABLE IF NOT EXISTS usage_events_other PARTITION OF usage_events DEFAULT;
