-- +goose Up
-- P6: the free texts that may name people and were still stored in the
-- clear are sealed like the others (package keys: AES-256-GCM under the
-- municipality's key, bound to table, row and column): the reason a case
-- was closed, the notes and
-- outcomes of referrals and their steps, action titles, cancel reasons and progress notes,
-- the titles, descriptions, minutes and decisions of agenda items, minutes
-- corrections and the place of a meeting. The old columns stay (a column
-- cannot be dropped everywhere without rebuilding its table) and hold ''
-- from now on; the platform seals what they still hold at its next start
-- (store.SealPlaintext) and the background key rotation catches any rest.
-- close_reason must stay non-empty for a closed case (its CHECK): it holds
-- 'afgeschermd' once the reason is sealed here.
ALTER TABLE cases ADD COLUMN close_reason_sealed TEXT NOT NULL DEFAULT '';

ALTER TABLE referrals ADD COLUMN note_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN outcome_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX referrals_key_version ON referrals (municipality_id, key_version);

ALTER TABLE referral_events ADD COLUMN note_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE referral_events ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX referral_events_key_version ON referral_events (municipality_id, key_version);

ALTER TABLE actions ADD COLUMN title_sealed TEXT NOT NULL DEFAULT '';
-- cancel_reason must stay non-empty for a cancelled action (its CHECK):
-- it holds 'afgeschermd' once the reason is sealed here.
ALTER TABLE actions ADD COLUMN cancel_reason_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX actions_key_version ON actions (municipality_id, key_version);

ALTER TABLE action_notes ADD COLUMN text_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE action_notes ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX action_notes_key_version ON action_notes (municipality_id, key_version);

ALTER TABLE agenda_items ADD COLUMN title_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN description_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN minutes_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN decisions_sealed TEXT NOT NULL DEFAULT '';
CREATE INDEX agenda_items_key_version ON agenda_items (municipality_id, key_version);

ALTER TABLE minutes_corrections ADD COLUMN text_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE minutes_corrections ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX minutes_corrections_key_version ON minutes_corrections (municipality_id, key_version);

ALTER TABLE meetings ADD COLUMN location_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX meetings_key_version ON meetings (municipality_id, key_version);

-- +goose Down
DROP INDEX meetings_key_version;
ALTER TABLE meetings DROP COLUMN key_version;
ALTER TABLE meetings DROP COLUMN location_sealed;
DROP INDEX minutes_corrections_key_version;
ALTER TABLE minutes_corrections DROP COLUMN key_version;
ALTER TABLE minutes_corrections DROP COLUMN text_sealed;
DROP INDEX agenda_items_key_version;
ALTER TABLE agenda_items DROP COLUMN decisions_sealed;
ALTER TABLE agenda_items DROP COLUMN minutes_sealed;
ALTER TABLE agenda_items DROP COLUMN description_sealed;
ALTER TABLE agenda_items DROP COLUMN title_sealed;
DROP INDEX action_notes_key_version;
ALTER TABLE action_notes DROP COLUMN key_version;
ALTER TABLE action_notes DROP COLUMN text_sealed;
DROP INDEX actions_key_version;
ALTER TABLE actions DROP COLUMN key_version;
ALTER TABLE actions DROP COLUMN cancel_reason_sealed;
ALTER TABLE actions DROP COLUMN title_sealed;
DROP INDEX referral_events_key_version;
ALTER TABLE referral_events DROP COLUMN key_version;
ALTER TABLE referral_events DROP COLUMN note_sealed;
DROP INDEX referrals_key_version;
ALTER TABLE referrals DROP COLUMN key_version;
ALTER TABLE referrals DROP COLUMN outcome_sealed;
ALTER TABLE referrals DROP COLUMN note_sealed;
ALTER TABLE cases DROP COLUMN close_reason_sealed;
