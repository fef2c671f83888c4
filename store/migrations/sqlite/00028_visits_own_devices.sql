-- +goose Up
-- The start page (/vandaag) shows the signals that came in since the user's
-- last visit, per municipality. A visit lasts while the page is reopened
-- within half an hour, so a reload does not make the new signals vanish.
CREATE TABLE start_visits (
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality_id  TEXT NOT NULL,
    previous_at      DATETIME,
    last_at          DATETIME NOT NULL,
    PRIMARY KEY (user_id, municipality_id)
);

-- A device the user marked as their own: the browser keeps a random id in
-- a cookie (only its hash is stored), and the login page offers the passkey
-- there at once. No personal data: the name is the user's own label.
CREATE TABLE own_devices (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME
);
CREATE INDEX own_devices_user ON own_devices (user_id);

-- +goose Down
DROP TABLE own_devices;
DROP TABLE start_visits;
