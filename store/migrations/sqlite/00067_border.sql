-- +goose Up
-- The border between municipalities (issue 18): a sharing clause may name
-- the municipalities with which it lets a match notice and a named
-- discussion cross the border (border_municipalities, a JSON list). It
-- works only when the other municipality's own clause names this one back;
-- nothing else crosses. On PostgreSQL schools become readable across
-- tenants (public reference data); SQLite has no row-level security.
ALTER TABLE sharing_clauses ADD COLUMN border_municipalities TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE sharing_clauses DROP COLUMN border_municipalities;
