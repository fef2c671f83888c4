-- +goose Up
-- Idempotency keys of the API's POST operations (docs/OPERATIONS.md,
-- "Durability"). A row is inserted in the same transaction as the write
-- it guards; the answer is stored after, sealed under a key derived from
-- the client's token and idempotency key, which the platform does not keep.
-- id and fingerprint are keyed hashes; no personal data is in the clear.
-- Rows older than a day are deleted by an hourly job.
CREATE TABLE idempotency_keys (
    id          TEXT PRIMARY KEY,
    token_id    TEXT NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    instance    TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    claimed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_keys_claimed ON idempotency_keys (claimed_at);
CREATE INDEX idempotency_keys_token ON idempotency_keys (token_id);

-- +goose Down
DROP TABLE idempotency_keys;
