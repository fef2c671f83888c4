-- +goose Up
-- The cases list pages by keyset on (created_at DESC, id) within a status
-- (open by default): with id in the index a page reads its own entries
-- only, in order, wherever the cursor stands. It replaces cases_list, its
-- prefix.
CREATE INDEX cases_list_page ON cases (municipality_id, status, created_at DESC, id);
DROP INDEX cases_list;

-- +goose Down
CREATE INDEX cases_list ON cases (municipality_id, status, created_at DESC);
DROP INDEX cases_list_page;
