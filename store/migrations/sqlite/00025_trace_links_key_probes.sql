-- +goose Up
-- P6: a caller's trace is kept only as a link (the foreign_operation of the
-- Logboek Dataverwerkingen); every request starts a trace of its own.
ALTER TABLE processing_log ADD COLUMN foreign_trace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_log ADD COLUMN foreign_span_id TEXT NOT NULL DEFAULT '';

-- One value sealed with each key version of each municipality, opened at
-- every start: a wrong key in the key file stops the start, instead of
-- showing at the first read of pupil data.
CREATE TABLE key_probes (
    municipality_id TEXT NOT NULL,
    version         INTEGER NOT NULL,
    probe           TEXT NOT NULL,
    PRIMARY KEY (municipality_id, version)
);

-- +goose Down
DROP TABLE key_probes;
ALTER TABLE processing_log DROP COLUMN foreign_span_id;
ALTER TABLE processing_log DROP COLUMN foreign_trace_id;
