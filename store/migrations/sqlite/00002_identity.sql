-- +goose Up
-- Accounts, roles, sessions, tokens, the outbox, and the two logs: the audit
-- trail (who did what) and the processing log (Logboek Dataverwerkingen:
-- which processing touched whom), both hash-chained.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    password_hash       TEXT NOT NULL DEFAULT '',
    totp_secret         TEXT NOT NULL DEFAULT '',
    totp_confirmed      BOOLEAN NOT NULL DEFAULT FALSE,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    demo                BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          DATETIME NOT NULL,
    last_login_at       DATETIME,
    password_changed_at DATETIME
);

CREATE TABLE memberships (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality_id TEXT REFERENCES municipalities (id),
    organisation_id TEXT REFERENCES organisations (id),
    role            TEXT NOT NULL,
    created_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX memberships_unique ON memberships (user_id, COALESCE(municipality_id, ''), COALESCE(organisation_id, ''), role);
CREATE INDEX memberships_municipality ON memberships (municipality_id);

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   DATETIME,
    PRIMARY KEY (user_id, code_hash)
);

-- The session id is the SHA-256 of the cookie value: a copy of this table
-- cannot be used to take over sessions.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    mfa_at       DATETIME,
    address      TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    ended_at     DATETIME
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links (invitation, password reset), stored as hashes.
CREATE TABLE user_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('uitnodiging', 'wachtwoordherstel')),
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);

CREATE TABLE access_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);

-- Failed logins per account and per address, for throttling.
CREATE TABLE login_failures (
    subject TEXT NOT NULL,
    at      DATETIME NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, at);

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    created_at DATETIME NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    DATETIME,
    error      TEXT NOT NULL DEFAULT ''
);

-- The register of processing activities (AVG art. 30), kept by the fg role.
CREATE TABLE processing_activities (
    id              TEXT PRIMARY KEY,
    uri             TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    data_categories TEXT NOT NULL,
    retention       TEXT NOT NULL,
    created_at      DATETIME NOT NULL
);

-- Heads of the hash chains: appending takes the row lock, so entries are
-- numbered and chained in commit order on both databases.
CREATE TABLE log_heads (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO log_heads (name, seq, hash) VALUES ('audit', 0, ''), ('processing', 0, '');

CREATE TABLE audit_log (
    seq             BIGINT PRIMARY KEY,
    at              DATETIME NOT NULL,
    trace_id        TEXT NOT NULL,
    span_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    organisation_id TEXT NOT NULL DEFAULT '',
    municipality_id TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL,
    object_type     TEXT NOT NULL DEFAULT '',
    object_id       TEXT NOT NULL DEFAULT '',
    legal_basis     TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_log_trace ON audit_log (trace_id);
CREATE INDEX audit_log_municipality ON audit_log (municipality_id, seq);

CREATE TABLE processing_log (
    seq                  BIGINT PRIMARY KEY,
    trace_id             TEXT NOT NULL,
    span_id              TEXT NOT NULL,
    parent_span_id       TEXT NOT NULL DEFAULT '',
    name                 TEXT NOT NULL,
    start_ms             BIGINT NOT NULL,
    end_ms               BIGINT NOT NULL,
    status_code          TEXT NOT NULL,
    resource_name        TEXT NOT NULL,
    resource_version     TEXT NOT NULL,
    activity_id          TEXT NOT NULL,
    data_subject_id      TEXT NOT NULL DEFAULT '',
    data_subject_id_type TEXT NOT NULL DEFAULT '',
    municipality_id      TEXT NOT NULL DEFAULT '',
    prev_hash            TEXT NOT NULL,
    hash                 TEXT NOT NULL
);
CREATE INDEX processing_log_trace ON processing_log (trace_id);
CREATE INDEX processing_log_municipality ON processing_log (municipality_id, seq);

-- +goose Down
DROP TABLE processing_log;
DROP TABLE audit_log;
DROP TABLE log_heads;
DROP TABLE processing_activities;
DROP TABLE outbox;
DROP TABLE login_failures;
DROP TABLE access_tokens;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE memberships;
DROP TABLE users;
