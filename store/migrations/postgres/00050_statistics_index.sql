-- +goose Up
-- The dashboard counts signals per day and phenomenon over up to five
-- years of a municipality: this index covers that query, so it is an
-- index range scan that never reads the signals' rows.
CREATE INDEX signals_statistics ON signals (municipality_id, occurred_on, phenomenon);

-- +goose Down
DROP INDEX signals_statistics;
