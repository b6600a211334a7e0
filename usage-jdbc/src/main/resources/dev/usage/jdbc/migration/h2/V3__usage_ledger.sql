-- The same tables as db/migration/postgresql/V3__usage_ledger.sql, without the "C" collation
-- (H2 compares bytes of VARCHAR keys in its own order, which the ledger never sorts by) and with
-- IF NOT EXISTS throughout, as H2 commits DDL at once.
--
-- The credit ledger: wallets, their grants and ledger entries, the wallet each stored event was
-- debited from, who reversed what, and allotment usage. JdbcUsageStore writes these in the same
-- transaction as the events they belong to, so that every stored event has exactly one debit and a retried batch
-- none; nothing else may write them.
--
-- Every key starts with the organization and workspace, as in V1 and V2. A wallet's workspace is
-- '' for the wallet an organization's workspaces share. Amounts are BIGINT micro-credits, times
-- BIGINT epoch nanoseconds, as in usage_events.

-- One row per wallet: its running sums, locked (SELECT ... FOR UPDATE) by every transaction that
-- posts to it, which serializes the wallet's postings across processes sharing the database.
CREATE TABLE IF NOT EXISTS usage_wallets (
  organization   VARCHAR(64)  NOT NULL,
  workspace      VARCHAR(64)  NOT NULL,
  limit_mode     VARCHAR(8)   NOT NULL,
  balance        BIGINT       NOT NULL,
  overdraft      BIGINT       NOT NULL,
  granted        BIGINT       NOT NULL,
  turnover       BIGINT       NOT NULL,
  last_sequence  BIGINT       NOT NULL,
  opened_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT usage_wallets_pk PRIMARY KEY (organization, workspace),
  CONSTRAINT usage_wallets_mode CHECK (limit_mode IN ('HARD', 'SOFT'))
);

-- Every grant ever added. Postings read only the unsettled ones (SCHEDULED, LIVE), through the
-- second index, so that their cost grows with the grants that can still change.
CREATE TABLE IF NOT EXISTS usage_grants (
  organization   VARCHAR(64)  NOT NULL,
  workspace      VARCHAR(64)  NOT NULL,
  grant_id       VARCHAR(300) NOT NULL,
  kind           VARCHAR(16)  NOT NULL,
  priority       INTEGER      NOT NULL,
  amount         BIGINT       NOT NULL,
  effective_at   BIGINT       NOT NULL,
  expires_at     BIGINT,
  state          VARCHAR(10)  NOT NULL,
  remaining      BIGINT       NOT NULL,
  CONSTRAINT usage_grants_pk PRIMARY KEY (organization, workspace, grant_id)
);
-- H2 has no partial index: the state column narrows the lookup instead.
CREATE INDEX IF NOT EXISTS usage_grants_unsettled ON usage_grants (organization, workspace, state);

-- The append-only ledger, numbered per wallet; read newest first by sequence.
CREATE TABLE IF NOT EXISTS usage_ledger (
  organization   VARCHAR(64)  NOT NULL,
  workspace      VARCHAR(64)  NOT NULL,
  sequence       BIGINT       NOT NULL,
  kind           VARCHAR(20)  NOT NULL,
  entry_at       BIGINT       NOT NULL,
  amount         BIGINT       NOT NULL,
  balance        BIGINT       NOT NULL,
  grant_id       VARCHAR(300),
  reference      VARCHAR(200),
  events         INTEGER      NOT NULL,
  CONSTRAINT usage_ledger_pk PRIMARY KEY (organization, workspace, sequence)
);

-- The wallet each stored event was debited from: its tenant's workspace, or '' for the
-- organization's shared wallet; NULL when it was not debited. The insert that stores the event
-- writes it, so a debit costs no row of its own; a reversal reads it to refund exactly what its
-- original was debited (the original's credits), to the wallet it was debited from.
ALTER TABLE usage_events ADD COLUMN IF NOT EXISTS debit_wallet VARCHAR(64);

-- The one reversal of each reversed event: the primary key keeps a second one out.
CREATE TABLE IF NOT EXISTS usage_reversals (
  organization   VARCHAR(64)  NOT NULL,
  workspace      VARCHAR(64)  NOT NULL,
  original_id    VARCHAR(200) NOT NULL,
  reversal_id    VARCHAR(200) NOT NULL,
  CONSTRAINT usage_reversals_pk PRIMARY KEY (organization, workspace, original_id)
);

-- Allotment usage per wallet, UTC month (yyyymm) and credit type, in the type's metered unit.
CREATE TABLE IF NOT EXISTS usage_allotments (
  organization   VARCHAR(64)  NOT NULL,
  workspace      VARCHAR(64)  NOT NULL,
  usage_month    INTEGER      NOT NULL,
  credit_type    VARCHAR(24)  NOT NULL,
  used           BIGINT       NOT NULL,
  CONSTRAINT usage_allotments_pk PRIMARY KEY (organization, workspace, usage_month, credit_type)
);

-- Reversals stored before this version are recorded as such, so that none is reversed twice.
-- Their originals were never debited through a ledger, so their debit_wallet stays NULL.
INSERT INTO usage_reversals (organization, workspace, original_id, reversal_id)
SELECT organization, workspace, reverses_id, MIN(event_id)
FROM usage_events
WHERE reverses_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM usage_reversals r WHERE r.organization = usage_events.organization
      AND r.workspace = usage_events.workspace AND r.original_id = usage_events.reverses_id)
GROUP BY organization, workspace, reverses_id;
