-- +goose Up
-- A message proposed for the next meeting keeps the link to its agenda
-- item, as a message made into a signal keeps the signal's.
ALTER TABLE messages ADD COLUMN agenda_item_id TEXT REFERENCES agenda_items (id);

-- +goose Down
ALTER TABLE messages DROP COLUMN agenda_item_id;
