-- +goose Up
-- P5: pupils, signals, cases, routes and acute alerts. Identifying pupil
-- data and free texts that may name people are sealed by the application
-- (package keys: AES-256-GCM under the municipality's key, bound to table,
-- row and column); the database never sees them in the clear. key_version
-- says which key sealed a row, so rotation finds what it must seal again.

CREATE TABLE pupils (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    school_id        TEXT NOT NULL REFERENCES organisations (id),
    code             TEXT NOT NULL,
    name_sealed      TEXT NOT NULL DEFAULT '',
    birth_sealed     TEXT NOT NULL DEFAULT '',
    class_sealed     TEXT NOT NULL DEFAULT '',
    initials_sealed  TEXT NOT NULL DEFAULT '',
    -- keyed hash of name and date of birth; NULL once pseudonymised
    blind_index      TEXT,
    key_version      INTEGER NOT NULL DEFAULT 0,
    pseudonymised_at DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX pupils_blind_index ON pupils (municipality_id, blind_index);
CREATE UNIQUE INDEX pupils_code ON pupils (municipality_id, code);
CREATE INDEX pupils_key_version ON pupils (municipality_id, key_version);

CREATE TABLE signals (
    id                 TEXT PRIMARY KEY,
    municipality_id    TEXT NOT NULL REFERENCES municipalities (id),
    network_id         TEXT NOT NULL REFERENCES networks (id),
    code               TEXT NOT NULL,
    occurred_on        DATE NOT NULL,
    reporter_user_id   TEXT NOT NULL REFERENCES users (id),
    reporter_org_id    TEXT NOT NULL REFERENCES organisations (id),
    phenomenon         TEXT NOT NULL,
    level              TEXT NOT NULL CHECK (level IN ('leerling', 'groep', 'school', 'wijk')),
    neighbourhood      TEXT NOT NULL DEFAULT '',
    urgency            TEXT NOT NULL CHECK (urgency IN ('laag', 'normaal', 'hoog', 'acuut')),
    description_sealed TEXT NOT NULL DEFAULT '',
    key_version        INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL CHECK (status IN ('nieuw', 'geagendeerd', 'afgehandeld', 'casus')),
    agenda_item_id     TEXT REFERENCES agenda_items (id),
    alert_id           TEXT,
    pseudonymised_at   DATETIME,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX signals_code ON signals (municipality_id, code);
CREATE INDEX signals_list ON signals (municipality_id, occurred_on DESC, created_at DESC, id);
CREATE INDEX signals_network ON signals (network_id, occurred_on DESC);
CREATE INDEX signals_key_version ON signals (municipality_id, key_version);

CREATE TABLE signal_schools (
    signal_id       TEXT NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (signal_id, organisation_id)
);

CREATE TABLE signal_pupils (
    signal_id       TEXT NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    pupil_id        TEXT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (signal_id, pupil_id)
);
CREATE INDEX signal_pupils_pupil ON signal_pupils (pupil_id);

-- Content-free notices to two reporters about the same pupil.
CREATE TABLE match_notices (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    signal_id       TEXT NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    other_signal_id TEXT NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      DATETIME NOT NULL,
    UNIQUE (signal_id, other_signal_id)
);
CREATE INDEX match_notices_user ON match_notices (user_id, created_at);

CREATE TABLE cases (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    network_id       TEXT NOT NULL REFERENCES networks (id),
    code             TEXT NOT NULL,
    signal_id        TEXT NOT NULL REFERENCES signals (id),
    pupil_id         TEXT REFERENCES pupils (id),
    owner_user_id    TEXT NOT NULL REFERENCES users (id),
    owner_org_id     TEXT NOT NULL REFERENCES organisations (id),
    meeting_id       TEXT REFERENCES meetings (id),
    plan_sealed      TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0,
    review_days      INTEGER NOT NULL CHECK (review_days BETWEEN 7 AND 182),
    next_review_on   DATE NOT NULL,
    reviewed_asked_on DATE,
    status           TEXT NOT NULL CHECK (status IN ('open', 'gesloten')),
    outcome          TEXT NOT NULL DEFAULT '',
    close_reason     TEXT NOT NULL DEFAULT '',
    closed_at        DATETIME,
    route_warned_at  DATETIME,
    pseudonymised_at DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    CHECK (status <> 'gesloten' OR (outcome <> '' AND close_reason <> ''))
);
CREATE UNIQUE INDEX cases_code ON cases (municipality_id, code);
CREATE INDEX cases_list ON cases (municipality_id, status, created_at DESC);
CREATE INDEX cases_recent ON cases (municipality_id, created_at DESC, id);
CREATE INDEX cases_pupil ON cases (pupil_id);
CREATE INDEX cases_signal ON cases (signal_id);
CREATE INDEX cases_review ON cases (status, next_review_on);

CREATE TABLE case_actions (
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    action_id       TEXT NOT NULL REFERENCES actions (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (case_id, action_id)
);

CREATE TABLE case_notes (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author_id       TEXT NOT NULL REFERENCES users (id),
    text_sealed     TEXT NOT NULL,
    key_version     INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    table_code      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('aangevraagd', 'geaccepteerd', 'wachtlijst', 'gestart', 'teruggestuurd', 'afgesloten')),
    waiting_since   DATE,
    outcome         TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id, created_at);

CREATE TABLE referral_events (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    referral_id     TEXT NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    by_user_id      TEXT NOT NULL REFERENCES users (id),
    note            TEXT NOT NULL DEFAULT '',
    at              DATETIME NOT NULL
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

-- Agenda items about a signal or case: the minutes have a named layer
-- (sealed) for those entitled and the pseudonymised layer (minutes) for all.
ALTER TABLE agenda_items ADD COLUMN signal_id TEXT REFERENCES signals (id);
ALTER TABLE agenda_items ADD COLUMN case_id TEXT REFERENCES cases (id);
ALTER TABLE agenda_items ADD COLUMN named_minutes_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    network_id      TEXT NOT NULL REFERENCES networks (id),
    code            TEXT NOT NULL,
    raised_by       TEXT NOT NULL REFERENCES users (id),
    raised_by_org   TEXT NOT NULL REFERENCES organisations (id),
    text_sealed     TEXT NOT NULL,
    summary_sealed  TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    phenomenon      TEXT NOT NULL DEFAULT '',
    escalate_after  INTEGER NOT NULL CHECK (escalate_after BETWEEN 1 AND 240),
    raised_at       DATETIME NOT NULL,
    escalated_at    DATETIME,
    closed_at       DATETIME,
    signal_id       TEXT REFERENCES signals (id),
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX alerts_code ON alerts (municipality_id, code);
CREATE INDEX alerts_open ON alerts (closed_at, escalated_at, raised_at);

CREATE TABLE alert_recipients (
    alert_id        TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    escalated       BOOLEAN NOT NULL DEFAULT FALSE,
    acknowledged_at DATETIME,
    added_at        DATETIME NOT NULL,
    PRIMARY KEY (alert_id, user_id)
);
CREATE INDEX alert_recipients_user ON alert_recipients (user_id, acknowledged_at);

-- What the retention job and data-subject erasure removed: kinds and
-- counts, never content.
CREATE TABLE deletion_records (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    kind            TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('gepseudonimiseerd', 'verwijderd')),
    count           INTEGER NOT NULL,
    clause_id       TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    dry_run         BOOLEAN NOT NULL,
    at              DATETIME NOT NULL
);
CREATE INDEX deletion_records_at ON deletion_records (municipality_id, at);

-- Per-municipality counters for codes (S-2026-0001, C-…, A-…).
CREATE TABLE code_counters (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    prefix          TEXT NOT NULL,
    year            INTEGER NOT NULL,
    last            INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, prefix, year)
);

-- +goose Down
DROP TABLE code_counters;
DROP TABLE deletion_records;
DROP TABLE alert_recipients;
DROP TABLE alerts;
ALTER TABLE agenda_items DROP COLUMN key_version;
ALTER TABLE agenda_items DROP COLUMN named_minutes_sealed;
ALTER TABLE agenda_items DROP COLUMN case_id;
ALTER TABLE agenda_items DROP COLUMN signal_id;
DROP TABLE referral_events;
DROP TABLE referrals;
DROP TABLE case_notes;
DROP TABLE case_actions;
DROP TABLE cases;
DROP TABLE match_notices;
DROP TABLE signal_pupils;
DROP TABLE signal_schools;
DROP TABLE signals;
DROP TABLE pupils;
