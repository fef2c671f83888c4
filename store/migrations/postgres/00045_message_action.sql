-- +goose Up
-- A message made into an action item keeps the link to the action, as a
-- message made into a signal or proposed for the agenda keeps its own.
ALTER TABLE messages ADD COLUMN action_id TEXT REFERENCES actions (id) ON DELETE SET NULL;
-- A network may keep its thread's messages shorter than its clause keeps
-- signals (days; NULL: as long as the clause's signals).
ALTER TABLE networks ADD COLUMN message_retention_days INTEGER;

-- +goose Down
ALTER TABLE networks DROP COLUMN message_retention_days;
ALTER TABLE messages DROP COLUMN action_id;
