-- +goose Up
-- The primary's WAL position after a user's last write: with a read
-- replica, that user's reads go to the primary until the replica has
-- replayed past it (read-your-writes across instances). Unused on SQLite,
-- kept so that both schemas stay equal.
CREATE TABLE write_positions (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lsn     TEXT NOT NULL
);

-- +goose Down
DROP TABLE write_positions;
