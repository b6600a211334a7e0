-- The usage events of every tenant: one row per priced event, written once, never updated.
--
-- Every key starts with the tenant (organization, workspace), so that the table can be
-- distributed by tenant (Citus: SELECT create_distributed_table('usage_events', 'organization'))
-- and partitioned by time: db/variants/postgresql-partitioned.sql creates a monthly-partitioned
-- table that this script then keeps (hence IF NOT EXISTS).
--
-- Text columns use the "C" collation: ids and dimension values compare, group and sort by their
-- UTF-8 bytes, which is the code-point order the UsageStore contract scans in, and are never
-- merged by a linguistic collation.
--
-- No floating point anywhere: quantities, billable quantities and micro-credits are BIGINT,
-- rates and multipliers NUMERIC with the library's fixed scale of 6.
CREATE TABLE IF NOT EXISTS usage_events (
  organization        VARCHAR(64)    COLLATE "C" NOT NULL,
  workspace           VARCHAR(64)    COLLATE "C" NOT NULL,
  event_id            VARCHAR(200)   COLLATE "C" NOT NULL,
  -- Nanoseconds since 1970-01-01T00:00Z: every Instant from 1677-09-21 to 2262-04-11, exactly.
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
  -- Namespaced custom dimensions as a JSON object of strings, keys sorted; NULL when none.
  custom_dimensions   TEXT           COLLATE "C",
  reverses_id         VARCHAR(200)   COLLATE "C",
  -- The pricing trace: how credits_micros came about, kept so that it can be explained and
  -- reversed after the rate card changed.
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
  -- When the row was written, for audits of late events; not part of the event.
  recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT usage_events_pk PRIMARY KEY (organization, workspace, event_id),
  CONSTRAINT usage_events_rate CHECK ((rate_credits IS NULL) = (rate_per IS NULL)
      AND (rate_credits IS NULL) = (rate_in_increments IS NULL))
);

-- Scans (newest first, keyset) and aggregates over a time range of one tenant.
CREATE INDEX IF NOT EXISTS usage_events_by_time ON usage_events (organization, workspace, occurred_at, event_id);
