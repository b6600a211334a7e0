-- The usage events of every tenant: one row per priced event, written once, never updated.
-- The same table as db/migration/postgresql/V1__usage_events.sql, with two differences:
--
-- * event_id_key holds the UTF-8 bytes of event_id. H2 compares strings as UTF-16 code units,
--   which differs from code-point order above U+FFFF; binary strings compare as unsigned bytes.
--   Scans order and page by it.
-- * IF NOT EXISTS everywhere: H2 commits DDL at once, so a migration cut short by a crash must
--   be able to run again.
CREATE TABLE IF NOT EXISTS usage_events (
  organization        VARCHAR(64)    NOT NULL,
  workspace           VARCHAR(64)    NOT NULL,
  event_id            VARCHAR(200)   NOT NULL,
  -- Nanoseconds since 1970-01-01T00:00Z: every Instant from 1677-09-21 to 2262-04-11, exactly.
  occurred_at         BIGINT         NOT NULL,
  metric              VARCHAR(65)    NOT NULL,
  quantity            BIGINT         NOT NULL,
  billable            BIGINT         NOT NULL,
  credits_micros      BIGINT         NOT NULL,
  channel             VARCHAR(256),
  direction           VARCHAR(256),
  provider            VARCHAR(256),
  model               VARCHAR(256),
  model_type          VARCHAR(256),
  phone_number        VARCHAR(256),
  member              VARCHAR(256),
  assistant           VARCHAR(256),
  campaign            VARCHAR(256),
  contact             VARCHAR(256),
  call_id             VARCHAR(256),
  custom_dimensions   VARCHAR,
  reverses_id         VARCHAR(200),
  rate_card_version   VARCHAR(128)   NOT NULL,
  rate_credits        NUMERIC(38, 6),
  rate_per            BIGINT,
  rate_in_increments  BOOLEAN,
  rate_metric         VARCHAR(65)    NOT NULL,
  multiplier          NUMERIC(38, 6) NOT NULL,
  multiplier_model    VARCHAR(513),
  cached_token_factor NUMERIC(38, 6),
  billing_increment   VARCHAR(40),
  rounding            VARCHAR(16)    NOT NULL,
  recorded_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  event_id_key        VARBINARY(800) GENERATED ALWAYS AS (CAST(event_id AS VARBINARY(800))),
  CONSTRAINT usage_events_pk PRIMARY KEY (organization, workspace, event_id),
  CONSTRAINT usage_events_rate CHECK ((rate_credits IS NULL) = (rate_per IS NULL)
      AND (rate_credits IS NULL) = (rate_in_increments IS NULL))
);

CREATE INDEX IF NOT EXISTS usage_events_by_time ON usage_events (organization, workspace, occurred_at, event_id_key);
