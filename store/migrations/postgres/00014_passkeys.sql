-- +goose Up
-- Passkeys (WebAuthn credentials) as a second factor, and the challenges of
-- ceremonies in progress (kept on the server, bound to the session).
CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    credential   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE webauthn_challenges (
    session_id TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, purpose)
);

-- +goose Down
DROP TABLE webauthn_challenges;
DROP TABLE passkeys;
