-- +goose Up
-- The meetlat: a yearly self-assessment of a municipality (organisation_id
-- NULL) or of one of its schools, one per subject per calendar year. The
-- reflections may name people and are sealed; key_version tells rotation
-- which rows to seal again.
CREATE TABLE meetlats (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL REFERENCES municipalities (id),
    organisation_id   TEXT REFERENCES organisations (id),
    year              INTEGER NOT NULL,
    version           TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('concept', 'afgerond')),
    reflection_sealed TEXT NOT NULL DEFAULT '',
    key_version       INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    completed_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX meetlats_municipal_year ON meetlats (municipality_id, year) WHERE organisation_id IS NULL;
CREATE UNIQUE INDEX meetlats_school_year ON meetlats (organisation_id, year) WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX meetlats_tenant_key ON meetlats (municipality_id, id);

CREATE TABLE meetlat_answers (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL REFERENCES municipalities (id),
    meetlat_id        TEXT NOT NULL REFERENCES meetlats (id) ON DELETE CASCADE,
    question          TEXT NOT NULL,
    score             INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 4),
    reflection_sealed TEXT NOT NULL DEFAULT '',
    key_version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (meetlat_id, question)
);
CREATE UNIQUE INDEX meetlat_answers_tenant_key ON meetlat_answers (municipality_id, id);

ALTER TABLE meetlats ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetlats FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meetlats
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE meetlat_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetlat_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meetlat_answers
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE meetlat_answers;
DROP TABLE meetlats;
