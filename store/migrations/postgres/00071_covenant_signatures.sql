-- +goose Up
-- A covenant party's signature is confirmed by the party itself (review
-- finding M4). Whoever edits a covenant records that a party signed on
-- paper ('wacht-op-bevestiging', recorded_by/recorded_at); a user of the
-- party, not the recorder, confirms it ('getekend') or declines it
-- ('niet-getekend', with a sealed reason), decided_by/decided_at. Parties
-- already 'getekend' keep that status (recorded_at NULL: "vastgelegd door
-- regisseur, niet bevestigd") until a user of the party confirms.
ALTER TABLE covenant_parties DROP CONSTRAINT covenant_parties_status_check;
ALTER TABLE covenant_parties DROP CONSTRAINT covenant_parties_check;
ALTER TABLE covenant_parties ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE covenant_parties ADD COLUMN recorded_at TIMESTAMPTZ;
ALTER TABLE covenant_parties ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE covenant_parties ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE covenant_parties ADD COLUMN decline_reason_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE covenant_parties ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE covenant_parties ADD CONSTRAINT covenant_parties_status_check
    CHECK (status IN ('uitgenodigd', 'wacht-op-bevestiging', 'getekend', 'niet-getekend', 'teruggetrokken'));
ALTER TABLE covenant_parties ADD CONSTRAINT covenant_parties_check CHECK ((status IN ('wacht-op-bevestiging', 'getekend')) = (signed_on IS NOT NULL)
    OR status IN ('teruggetrokken', 'niet-getekend'));
-- Signed since 00071 means confirmed by a user of the party.
ALTER TABLE covenant_parties ADD CONSTRAINT covenant_parties_confirmed CHECK (status NOT IN ('getekend', 'niet-getekend') OR decided_by <> ''
    OR (status = 'getekend' AND recorded_at IS NULL));

-- +goose Down
-- A party that waits or declined is, in the old schema, invited.
UPDATE covenant_parties SET status = 'uitgenodigd', signed_on = NULL WHERE status IN ('wacht-op-bevestiging', 'niet-getekend');
ALTER TABLE covenant_parties DROP CONSTRAINT covenant_parties_confirmed;
ALTER TABLE covenant_parties DROP CONSTRAINT covenant_parties_check;
ALTER TABLE covenant_parties DROP CONSTRAINT covenant_parties_status_check;
ALTER TABLE covenant_parties DROP COLUMN key_version;
ALTER TABLE covenant_parties DROP COLUMN decline_reason_sealed;
ALTER TABLE covenant_parties DROP COLUMN decided_at;
ALTER TABLE covenant_parties DROP COLUMN decided_by;
ALTER TABLE covenant_parties DROP COLUMN recorded_at;
ALTER TABLE covenant_parties DROP COLUMN recorded_by;
ALTER TABLE covenant_parties ADD CONSTRAINT covenant_parties_status_check
    CHECK (status IN ('uitgenodigd', 'getekend', 'teruggetrokken'));
ALTER TABLE covenant_parties ADD CONSTRAINT covenant_parties_check CHECK ((status = 'getekend') = (signed_on IS NOT NULL) OR status = 'teruggetrokken');
