-- +goose Up
-- Single sign-on: logins in progress (state, PKCE verifier and nonce kept on
-- the server, one-time, short-lived) and the identities users log in with.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    provider   TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE user_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- +goose Down
DROP TABLE user_identities;
DROP TABLE oidc_logins;
