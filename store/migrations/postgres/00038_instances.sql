-- +goose Up
-- The primary's WAL position after a user's last write: with a read
-- replica, that user's reads go to the primary until the replica has
-- replayed past it (read-your-writes across instances). Unused on SQLite,
-- kept so that both schemas stay equal.
CREATE TABLE write_positions (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lsn     TEXT NOT NULL
);

-- What every instance of the platform must have the same of, never a
-- secret: the first instance records its value, an instance with another
-- refuses to start (the Web Push public key: a device subscribed with one
-- instance's key cannot be reached with another's).
CREATE TABLE instance_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE instance_settings;
DROP TABLE write_positions;
