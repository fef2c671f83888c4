-- +goose Up
-- Custom-support requests (maatwerkaanvragen): a school asks for a measure
-- with a budget, the regisseur decides, the school reports. Amounts are
-- whole euro cents. Title, description, motivation and reports may name
-- people and are sealed; key_version tells rotation which rows to seal again.
CREATE TABLE custom_requests (
    id                 TEXT PRIMARY KEY,
    municipality_id    TEXT NOT NULL REFERENCES municipalities (id),
    school_id          TEXT NOT NULL REFERENCES organisations (id),
    title_sealed       TEXT NOT NULL,
    description_sealed TEXT NOT NULL,
    theme              TEXT NOT NULL,
    requested_cents    INTEGER NOT NULL CHECK (requested_cents > 0 AND requested_cents <= 100000000),
    planned_from       DATE NOT NULL,
    planned_until      DATE NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('ingediend', 'toegekend', 'deels-toegekend', 'afgewezen', 'uitgevoerd')),
    submitted_by       TEXT NOT NULL DEFAULT '',
    submitted_at       DATETIME NOT NULL,
    granted_cents      INTEGER NOT NULL DEFAULT 0 CHECK (granted_cents >= 0 AND granted_cents <= requested_cents),
    motivation_sealed  TEXT NOT NULL DEFAULT '',
    decided_by         TEXT NOT NULL DEFAULT '',
    decided_at         DATETIME,
    spent_cents        INTEGER NOT NULL DEFAULT 0 CHECK (spent_cents >= 0 AND spent_cents <= granted_cents),
    completed_at       DATETIME,
    key_version        INTEGER NOT NULL DEFAULT 0,
    updated_at         DATETIME NOT NULL,
    CHECK (planned_until >= planned_from)
);
CREATE UNIQUE INDEX custom_requests_tenant_key ON custom_requests (municipality_id, id);
CREATE INDEX custom_requests_school ON custom_requests (municipality_id, school_id, submitted_at);

CREATE TABLE custom_request_reports (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    request_id      TEXT NOT NULL REFERENCES custom_requests (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('voortgang', 'uitgevoerd')),
    text_sealed     TEXT NOT NULL,
    spent_cents     INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    key_version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX custom_request_reports_tenant_key ON custom_request_reports (municipality_id, id);
CREATE INDEX custom_request_reports_request ON custom_request_reports (request_id, created_at);

-- +goose Down
DROP TABLE custom_request_reports;
DROP TABLE custom_requests;
