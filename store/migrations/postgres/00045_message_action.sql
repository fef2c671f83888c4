-- +goose Up
-- A message made into an action item keeps the link to the action, as a
-- message made into a signal or proposed for the agenda keeps its own.
ALTER TABLE messages ADD COLUMN action_id TEXT REFERENCES actions (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE messages DROP COLUMN action_id;
