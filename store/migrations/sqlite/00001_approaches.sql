-- +goose Up
-- Municipalities (the tenants), their approach, organisations and people.
-- Codes are checked by the domain package; the database checks shape and
-- references so that nothing inconsistent can be stored by any path.
CREATE TABLE municipalities (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('gemeente', 'regio')),
    created_at DATETIME NOT NULL
);

CREATE TABLE municipality_members (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (municipality_id, position)
);

CREATE TABLE approaches (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL UNIQUE REFERENCES municipalities (id),
    name              TEXT NOT NULL,
    model             TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    reach_description TEXT NOT NULL DEFAULT '',
    phase             TEXT NOT NULL,
    phase_start       DATE,
    phase_remark      TEXT NOT NULL DEFAULT '',
    phase_ambition    TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);

CREATE TABLE approach_elements (
    approach_id TEXT NOT NULL REFERENCES approaches (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    element     TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (approach_id, element)
);
CREATE INDEX approach_elements_element ON approach_elements (element, approach_id);

CREATE TABLE approach_reach (
    approach_id  TEXT NOT NULL REFERENCES approaches (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    school_type  TEXT NOT NULL,
    status       TEXT NOT NULL,
    school_count INTEGER NOT NULL CHECK (school_count >= 0),
    PRIMARY KEY (approach_id, school_type)
);

CREATE TABLE organisations (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    school_type     TEXT NOT NULL DEFAULT '',
    brin            TEXT NOT NULL DEFAULT '',
    neighbourhood   TEXT NOT NULL DEFAULT '',
    in_approach     BOOLEAN NOT NULL DEFAULT FALSE,
    partner_kind    TEXT NOT NULL DEFAULT '',
    team            TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    UNIQUE (municipality_id, name)
);
CREATE UNIQUE INDEX organisations_brin ON organisations (municipality_id, brin) WHERE brin <> '';

CREATE TABLE people (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    function        TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);
CREATE INDEX people_organisation ON people (organisation_id);
CREATE INDEX people_municipality ON people (municipality_id);

-- +goose Down
DROP TABLE people;
DROP TABLE organisations;
DROP TABLE approach_reach;
DROP TABLE approach_elements;
DROP TABLE approaches;
DROP TABLE municipality_members;
DROP TABLE municipalities;
