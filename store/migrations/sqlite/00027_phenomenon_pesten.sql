-- +goose Up
-- "Pesten" (bullying) joins the national list of phenomena
-- (vios.DefaultPhenomena, P6). A municipality that added its own "Pesten"
-- keeps it (code eigen-pesten): its signals and agenda items refer to it.
INSERT INTO phenomena (id, municipality_id, code, label, created_at) VALUES
    ('2a0b7c11-0000-4000-8000-000000000018', NULL, 'pesten', 'Pesten', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM phenomena WHERE municipality_id IS NULL AND code = 'pesten';
