-- +goose Up
-- P6: the log chains are keyed. From now on each row's hash column holds
-- an HMAC-SHA256 under the log key of the key file (never in the
-- database); key_version names the version that made it, 0 for the rows
-- from before, which keep their plain SHA-256 hash and still verify by it.
-- The head of each chain carries its own MAC over (seq, hash), so removing
-- the last rows and moving the head back shows without the key.
ALTER TABLE audit_log ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE processing_log ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE log_heads ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE log_heads ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE log_heads DROP COLUMN mac;
ALTER TABLE log_heads DROP COLUMN key_version;
ALTER TABLE processing_log DROP COLUMN key_version;
ALTER TABLE audit_log DROP COLUMN key_version;
