-- +goose Up
-- Row-level security exists on PostgreSQL only (see postgres/00012_rls.sql);
-- on SQLite the store's tenant filters, and their tests, are the wall.
SELECT 1;

-- +goose Down
SELECT 1;
