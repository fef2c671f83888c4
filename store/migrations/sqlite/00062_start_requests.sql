-- +goose Up
-- The national contact point: the advisers the landelijk role keeps, and the
-- start requests of schools and municipalities that want to begin. A
-- request belongs to no municipality on the platform: its texts that may
-- name people (contact name, e-mail, question, advice, the self-check
-- carried along) are sealed under the platform's own key, the log key's
-- name 'logboek' in municipality_id, so the key rotation and the key probes
-- find its rows as they find a municipality's. sender is a keyed hash of
-- the sender's address for the rate limit, blanked after a day; a request
-- closed StartRetentionMonths ago is erased by the retention pass.
CREATE TABLE start_advisers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    province    TEXT NOT NULL,
    experience  TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE start_requests (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL DEFAULT 'logboek',
    organisation      TEXT NOT NULL,
    organisation_kind TEXT NOT NULL CHECK (organisation_kind IN ('gemeente', 'school', 'schoolbestuur', 'partner')),
    municipality_name TEXT NOT NULL,
    name_sealed       TEXT NOT NULL DEFAULT '',
    email_sealed      TEXT NOT NULL DEFAULT '',
    question_sealed   TEXT NOT NULL DEFAULT '',
    self_check_sealed TEXT NOT NULL DEFAULT '',
    advice_sealed     TEXT NOT NULL DEFAULT '',
    key_version       INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL CHECK (status IN ('nieuw', 'toegewezen', 'geadviseerd', 'gesloten')),
    adviser_id        TEXT REFERENCES start_advisers (id),
    kwartiermaker_id  TEXT REFERENCES start_advisers (id),
    sender            TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL,
    assigned_at       DATETIME,
    advised_at        DATETIME,
    closed_at         DATETIME,
    updated_at        DATETIME NOT NULL
);
CREATE INDEX start_requests_status ON start_requests (status, created_at);
CREATE INDEX start_requests_sender ON start_requests (sender, created_at);
CREATE INDEX start_requests_closed ON start_requests (closed_at);

-- +goose Down
DROP TABLE start_requests;
DROP TABLE start_advisers;
