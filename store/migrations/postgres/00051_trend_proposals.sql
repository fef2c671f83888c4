-- +goose Up
-- Trends that cross schools (docs/TRENDS.md): the nightly trend job's
-- anonymised proposals for the overarching agenda, one per phenomenon per
-- window (the unique index makes a second run the same week a no-op), and
-- how many places a municipality needs for a trend.
ALTER TABLE municipalities ADD COLUMN trend_min_places INTEGER NOT NULL DEFAULT 3 CHECK (trend_min_places >= 2);

CREATE TABLE trend_proposals (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    phenomenon      TEXT NOT NULL,
    window_start    DATE NOT NULL,
    window_end      DATE NOT NULL,
    schools         INTEGER NOT NULL,
    signals         INTEGER NOT NULL,
    -- counts and a phenomenon only: no pupil, no school
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'geagendeerd', 'afgewezen')),
    agenda_item_id  TEXT REFERENCES agenda_items (id),
    meeting_id      TEXT REFERENCES meetings (id),
    created_at      TIMESTAMPTZ NOT NULL,
    decided_at      TIMESTAMPTZ,
    decided_by      TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX trend_proposals_tenant_key ON trend_proposals (municipality_id, id);
CREATE UNIQUE INDEX trend_proposals_window ON trend_proposals (municipality_id, phenomenon, window_start);

ALTER TABLE trend_proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE trend_proposals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON trend_proposals
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE trend_proposals;
ALTER TABLE municipalities DROP COLUMN trend_min_places;
