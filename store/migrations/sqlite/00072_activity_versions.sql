-- +goose Up
-- Versions of processing activities: a changed definition is a new row with
-- a URI of its own (the first version's URI with "-v2", "-v3"…), and the
-- old row stays, pointing at its successor, so that the activity URI of an
-- older processing record keeps resolving to the definition it was
-- written under. The platform's own activities are defined in code with
-- their version; DB.Migrate writes a new version when a build brings one.
ALTER TABLE processing_activities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE processing_activities ADD COLUMN replaced_by TEXT;

-- +goose Down
ALTER TABLE processing_activities DROP COLUMN replaced_by;
ALTER TABLE processing_activities DROP COLUMN version;
