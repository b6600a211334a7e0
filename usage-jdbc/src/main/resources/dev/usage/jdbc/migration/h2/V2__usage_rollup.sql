-- The events of each tenant summed per UTC hour, metric, channel and direction. The same table
-- as db/migration/postgresql/V2__usage_rollup.sql, with two differences:
--
-- * latest_id holds the UTF-8 bytes of the newest event's id, as usage_events.event_id_key does,
--   so that it compares in code-point order.
-- * IF NOT EXISTS, and the backfill first empties the table: H2 commits DDL at once, so a
--   migration cut short by a crash must be able to run again.
CREATE TABLE IF NOT EXISTS usage_rollup (
  organization    VARCHAR(64)    NOT NULL,
  workspace       VARCHAR(64)    NOT NULL,
  hour_start      BIGINT         NOT NULL,
  metric          VARCHAR(65)    NOT NULL,
  channel         VARCHAR(256)   NOT NULL,
  direction       VARCHAR(256)   NOT NULL,
  event_count     BIGINT         NOT NULL,
  -- How many of them reverse another event, so that reports can count the events that stand.
  reversal_count  BIGINT         NOT NULL,
  quantity_sum    NUMERIC(38, 0) NOT NULL,
  billable_sum    NUMERIC(38, 0) NOT NULL,
  quantity_min    BIGINT         NOT NULL,
  quantity_max    BIGINT         NOT NULL,
  credits_sum     NUMERIC(38, 0) NOT NULL,
  latest_at       BIGINT         NOT NULL,
  latest_id       VARBINARY(800) NOT NULL,
  latest_quantity BIGINT         NOT NULL,
  CONSTRAINT usage_rollup_pk PRIMARY KEY (organization, workspace, hour_start, metric, channel, direction)
);

DELETE FROM usage_rollup;

INSERT INTO usage_rollup (organization, workspace, hour_start, metric, channel, direction, event_count,
    reversal_count, quantity_sum, billable_sum, quantity_min, quantity_max, credits_sum, latest_at, latest_id, latest_quantity)
SELECT organization, workspace, hour_start, metric, channel, direction, COUNT(*), COUNT(reverses_id), SUM(quantity), SUM(billable),
    MIN(quantity), MAX(quantity), SUM(credits_micros), MAX(occurred_at),
    MAX(CASE WHEN newest = 1 THEN event_id_key END), MAX(CASE WHEN newest = 1 THEN quantity END)
FROM (
  SELECT organization, workspace, metric, COALESCE(channel, '') AS channel, COALESCE(direction, '') AS direction,
      CASE WHEN occurred_at < -9223369200000000000 THEN CAST(-9223372036854775808 AS BIGINT)
          ELSE (occurred_at / 3600000000000 - CASE WHEN MOD(occurred_at, 3600000000000) < 0 THEN 1 ELSE 0 END)
              * 3600000000000 END AS hour_start,
      occurred_at, event_id_key, quantity, billable, credits_micros, reverses_id,
      ROW_NUMBER() OVER (PARTITION BY organization, workspace, metric, COALESCE(channel, ''),
          -- the hour's index: the instants before the first whole hour floor to one index of their
          -- own (-2562048), as they share one row above
          COALESCE(direction, ''),
          occurred_at / 3600000000000 - CASE WHEN MOD(occurred_at, 3600000000000) < 0 THEN 1 ELSE 0 END
          ORDER BY occurred_at DESC, event_id_key DESC) AS newest
  FROM usage_events
) e
GROUP BY organization, workspace, hour_start, metric, channel, direction;
