-- +goose Up
-- Who signs for a covenant party ("J. de Vries, voorzitter college van
-- bestuur") names a person, so it is sealed like every such free text,
-- under the municipality's key and in key rotation. Rows written before
-- keep their text in signatories until serve's first SealPlaintext seals
-- it and blanks the old column.
ALTER TABLE covenant_parties ADD COLUMN signatories_sealed TEXT NOT NULL DEFAULT '';

-- +goose Down
-- The way back is the backup taken before the upgrade (docs/OPERATIONS.md,
-- "Roll back"), as for every sealed column: this drops the sealed text.
ALTER TABLE covenant_parties DROP COLUMN signatories_sealed;
