-- +goose Up
-- Covenants (P4): parties with their signatories and signatures, working
-- agreements, the action protocol, versions with what changed, and the
-- data-sharing clauses that networks are linked to.
CREATE TABLE covenants (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    title           TEXT NOT NULL,
    goals           TEXT NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    evaluate_on     DATE NOT NULL,
    ended_on        DATE,
    shareable       BOOLEAN NOT NULL DEFAULT FALSE,
    based_on        TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL,
    -- When the regisseur was last told the evaluation is near, or that
    -- agreements were not kept: once per evaluation, at most monthly.
    evaluation_reminded_at DATETIME,
    compliance_reminded_at DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (ends_on > starts_on)
);
CREATE INDEX covenants_municipality ON covenants (municipality_id);

CREATE TABLE covenant_versions (
    covenant_id     TEXT NOT NULL REFERENCES covenants (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    version         INTEGER NOT NULL,
    summary         TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    changed_by      TEXT NOT NULL DEFAULT '',
    changed_at      DATETIME NOT NULL,
    PRIMARY KEY (covenant_id, version)
);

CREATE TABLE covenant_parties (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    covenant_id      TEXT NOT NULL REFERENCES covenants (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    role             TEXT NOT NULL DEFAULT '',
    responsibilities TEXT NOT NULL DEFAULT '',
    signatories      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('uitgenodigd', 'getekend', 'teruggetrokken')),
    signed_on        DATE,
    UNIQUE (covenant_id, organisation_id),
    CHECK ((status = 'getekend') = (signed_on IS NOT NULL) OR status = 'teruggetrokken')
);

CREATE TABLE covenant_agreements (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    covenant_id     TEXT NOT NULL REFERENCES covenants (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    network_id      TEXT REFERENCES networks (id),
    description     TEXT NOT NULL,
    times_per_year  INTEGER NOT NULL CHECK (times_per_year >= 0),
    chair           TEXT NOT NULL DEFAULT '',
    participants    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE covenant_protocol (
    covenant_id     TEXT NOT NULL REFERENCES covenants (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    position        INTEGER NOT NULL,
    incident        TEXT NOT NULL,
    steps           TEXT NOT NULL,
    PRIMARY KEY (covenant_id, position)
);

CREATE TABLE sharing_clauses (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL REFERENCES municipalities (id),
    covenant_id       TEXT NOT NULL REFERENCES covenants (id),
    position          INTEGER NOT NULL,
    purpose           TEXT NOT NULL,
    legal_basis       TEXT NOT NULL DEFAULT '',
    article10         BOOLEAN NOT NULL DEFAULT FALSE,
    article10_ground  TEXT NOT NULL DEFAULT '',
    named             BOOLEAN NOT NULL DEFAULT FALSE,
    recipients        TEXT NOT NULL,
    retention_signals INTEGER NOT NULL CHECK (retention_signals BETWEEN 1 AND 730),
    retention_cases   INTEGER NOT NULL CHECK (retention_cases BETWEEN 1 AND 1825),
    retention_minutes INTEGER NOT NULL CHECK (retention_minutes BETWEEN 1 AND 1825),
    CHECK (NOT named OR legal_basis <> '')
);
CREATE INDEX sharing_clauses_covenant ON sharing_clauses (covenant_id);

CREATE TABLE clause_activities (
    clause_id       TEXT NOT NULL REFERENCES sharing_clauses (id) ON DELETE CASCADE,
    activity_id     TEXT NOT NULL REFERENCES processing_activities (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (clause_id, activity_id)
);

-- The clause that governs a network (P5 decides from it what members see).
ALTER TABLE networks ADD COLUMN clause_id TEXT REFERENCES sharing_clauses (id);

-- +goose Down
ALTER TABLE networks DROP COLUMN clause_id;
DROP TABLE clause_activities;
DROP TABLE sharing_clauses;
DROP TABLE covenant_protocol;
DROP TABLE covenant_agreements;
DROP TABLE covenant_parties;
DROP TABLE covenant_versions;
DROP TABLE covenants;
