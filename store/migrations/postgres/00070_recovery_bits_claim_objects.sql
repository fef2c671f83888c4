-- +goose Up
-- The entropy of each recovery code (ASVS 5.0 6.5.2: a plain SHA-256 is
-- allowed only for secrets of at least 112 bits). Codes made before this
-- migration carry about 59 bits: they keep working until used or replaced,
-- and their owner is asked after every login to make new ones (120 bits).
ALTER TABLE recovery_codes ADD COLUMN bits INTEGER NOT NULL DEFAULT 59;

-- The ids of the records an idempotent write touched (its audit records'
-- objects), stored with the claim in the write's own transaction: a replay
-- whose first answer was lost in a crash reads the record it made afresh
-- instead of only saying that it was done. Opaque UUIDs, comma-separated.
ALTER TABLE idempotency_keys ADD COLUMN object_ids TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN object_ids;
ALTER TABLE recovery_codes DROP COLUMN bits;
