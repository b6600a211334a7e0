-- The events of each tenant summed per UTC hour, metric, channel and direction: what aggregates
-- grouped and filtered by day, metric, channel and direction need, so that a month's report
-- reads a few thousand rows instead of every event. JdbcUsageStore adds each batch's newly
-- inserted events in the batch's own transaction; nothing else may write usage_events, or this
-- table no longer sums it.
--
-- UTC hours rather than days: an hour lies within one calendar day of every zone whose offsets
-- are whole hours, so one table serves reports in most workspace zones. Queries it cannot answer
-- exactly (other zones, ranges not on whole hours, other dimensions, distinct counts) read
-- usage_events.
--
-- channel and direction hold '' for events without one (dimension values are never empty), so
-- that the key can be a primary key and INSERT ... ON CONFLICT can find its row.
--
-- The sums are NUMERIC: an hour's sum may leave the range of a BIGINT that the report's total,
-- after reversals, fits again; the store checks that totals fit a long when it reads them.
CREATE TABLE IF NOT EXISTS usage_rollup (
  organization    VARCHAR(64)    COLLATE "C" NOT NULL,
  workspace       VARCHAR(64)    COLLATE "C" NOT NULL,
  -- Epoch nanoseconds of the start of the UTC hour, like usage_events.occurred_at.
  hour_start      BIGINT         NOT NULL,
  metric          VARCHAR(65)    COLLATE "C" NOT NULL,
  channel         VARCHAR(256)   COLLATE "C" NOT NULL,
  direction       VARCHAR(256)   COLLATE "C" NOT NULL,
  event_count     BIGINT         NOT NULL,
  -- How many of them reverse another event, so that reports can count the events that stand.
  reversal_count  BIGINT         NOT NULL,
  quantity_sum    NUMERIC(38, 0) NOT NULL,
  billable_sum    NUMERIC(38, 0) NOT NULL,
  quantity_min    BIGINT         NOT NULL,
  quantity_max    BIGINT         NOT NULL,
  credits_sum     NUMERIC(38, 0) NOT NULL,
  -- The newest event (latest occurred_at, then greatest event_id in code-point order).
  latest_at       BIGINT         NOT NULL,
  latest_id       VARCHAR(200)   COLLATE "C" NOT NULL,
  latest_quantity BIGINT         NOT NULL,
  CONSTRAINT usage_rollup_pk PRIMARY KEY (organization, workspace, hour_start, metric, channel, direction)
);

-- Backfill from the events already stored (a database upgraded from V1). The migration holds its
-- advisory lock and runs in one transaction, so a failure leaves V1 as it was. Events before the
-- first whole hour that BIGINT nanoseconds hold (1677-09-21T01:00Z) share a row keyed by the
-- smallest BIGINT.
INSERT INTO usage_rollup (organization, workspace, hour_start, metric, channel, direction, event_count,
    reversal_count, quantity_sum, billable_sum, quantity_min, quantity_max, credits_sum, latest_at, latest_id, latest_quantity)
SELECT organization, workspace, hour_start, metric, channel, direction, COUNT(*), COUNT(reverses_id), SUM(quantity), SUM(billable),
    MIN(quantity), MAX(quantity), SUM(credits_micros), MAX(occurred_at),
    MAX(CASE WHEN newest = 1 THEN event_id END), MAX(CASE WHEN newest = 1 THEN quantity END)
FROM (
  SELECT organization, workspace, metric, COALESCE(channel, '') AS channel, COALESCE(direction, '') AS direction,
      CASE WHEN occurred_at < -9223369200000000000 THEN CAST(-9223372036854775808 AS BIGINT)
          ELSE (occurred_at / 3600000000000 - CASE WHEN MOD(occurred_at, 3600000000000) < 0 THEN 1 ELSE 0 END)
              * 3600000000000 END AS hour_start,
      occurred_at, event_id, quantity, billable, credits_micros, reverses_id,
      ROW_NUMBER() OVER (PARTITION BY organization, workspace, metric, COALESCE(channel, ''),
          -- the hour's index: the instants before the first whole hour floor to one index of their
          -- own (-2562048), as they share one row above
          COALESCE(direction, ''),
          occurred_at / 3600000000000 - CASE WHEN MOD(occurred_at, 3600000000000) < 0 THEN 1 ELSE 0 END
          ORDER BY occurred_at DESC, event_id DESC) AS newest
  FROM usage_events
) e
GROUP BY organization, workspace, hour_start, metric, channel, direction;
