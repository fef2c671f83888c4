-- +goose Up
-- The municipal help desk (hulploket): requests of schools and partners,
-- handled by the municipality's OTSV desk. The free texts may name a person
-- and are sealed (*_sealed, key_version for rotation); a request about a
-- pupil links the signal (signal_id) instead of naming the pupil. Each
-- status has its date; assigned_at is the desk's first action.
CREATE TABLE help_requests (
    id                     TEXT PRIMARY KEY,
    municipality_id        TEXT NOT NULL REFERENCES municipalities (id),
    code                   TEXT NOT NULL,
    requester_user_id      TEXT NOT NULL REFERENCES users (id),
    requester_org_id       TEXT NOT NULL REFERENCES organisations (id),
    school_id              TEXT NOT NULL REFERENCES organisations (id),
    theme                  TEXT NOT NULL DEFAULT '',
    urgency                TEXT NOT NULL CHECK (urgency IN ('laag', 'normaal', 'hoog', 'acuut')),
    status                 TEXT NOT NULL CHECK (status IN ('ingediend', 'toegewezen', 'intake', 'advies', 'ondersteuning', 'gesloten')),
    signal_id              TEXT REFERENCES signals (id),
    alert_id               TEXT REFERENCES alerts (id),
    question_sealed        TEXT NOT NULL DEFAULT '',
    intake_sealed          TEXT NOT NULL DEFAULT '',
    analysis_sealed        TEXT NOT NULL DEFAULT '',
    advice_sealed          TEXT NOT NULL DEFAULT '',
    support_by_sealed      TEXT NOT NULL DEFAULT '',
    rating_comment_sealed  TEXT NOT NULL DEFAULT '',
    key_version            INTEGER NOT NULL DEFAULT 0,
    assignee_user_id       TEXT REFERENCES users (id),
    support_hours          INTEGER NOT NULL DEFAULT 0 CHECK (support_hours >= 0),
    rating                 INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    filed_at               DATETIME NOT NULL,
    assigned_at            DATETIME,
    intake_at              DATETIME,
    advice_at              DATETIME,
    support_at             DATETIME,
    closed_at              DATETIME,
    rated_at               DATETIME,
    updated_at             DATETIME NOT NULL
);
CREATE UNIQUE INDEX help_requests_tenant_key ON help_requests (municipality_id, id);
CREATE UNIQUE INDEX help_requests_code ON help_requests (municipality_id, code);
CREATE INDEX help_requests_requester ON help_requests (municipality_id, requester_org_id, filed_at);

-- +goose Down
DROP TABLE help_requests;
