-- +goose Up
-- Follow-through without chasing. A review the owner ignores is escalated
-- step by step (1: the owner was asked, 2: the chair, 3: the regisseur);
-- review_step records the step reached, so none is taken twice, and goes
-- back to 0 when a note moves the review day on.
ALTER TABLE cases ADD COLUMN review_step INTEGER NOT NULL DEFAULT 0;

-- A referral waiting longer than its table's threshold warns the case owner
-- and the regisseur once: wait_warned_at records that it did.
ALTER TABLE referrals ADD COLUMN wait_warned_at TIMESTAMPTZ;

-- The regisseur's threshold per table (vios.ReferralTables) a pupil may
-- wait before the case owner and the regisseur are warned.
CREATE TABLE referral_thresholds (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    table_code      TEXT NOT NULL,
    weeks           INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, table_code)
);

ALTER TABLE referral_thresholds ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_thresholds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON referral_thresholds
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE referral_thresholds;
ALTER TABLE referrals DROP COLUMN wait_warned_at;
ALTER TABLE cases DROP COLUMN review_step;
