-- The store SPI no longer asks for the smallest quantity or the newest event's quantity of a
-- group (no report read them), so the rollup stops keeping them: each append's upsert then only
-- adds sums and keeps a maximum, with no comparison of event ids.
ALTER TABLE usage_rollup DROP COLUMN latest_quantity;
ALTER TABLE usage_rollup DROP COLUMN latest_id;
ALTER TABLE usage_rollup DROP COLUMN latest_at;
ALTER TABLE usage_rollup DROP COLUMN quantity_min;
