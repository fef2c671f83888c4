-- +goose Up
-- The thread tables keyed by municipality too (municipality_id in a full
-- unique index), so they distribute by municipality like every tenant
-- table (docs/SCALING.md).
CREATE UNIQUE INDEX messages_tenant_key ON messages (municipality_id, id);
CREATE UNIQUE INDEX message_edits_tenant_key ON message_edits (municipality_id, id);
CREATE UNIQUE INDEX message_pupils_tenant_key ON message_pupils (municipality_id, message_id, pupil_id);
CREATE UNIQUE INDEX message_mentions_tenant_key ON message_mentions (municipality_id, message_id, user_id, organisation_id);
CREATE UNIQUE INDEX message_reads_tenant_key ON message_reads (municipality_id, thread_key, user_id);
CREATE UNIQUE INDEX thread_shares_tenant_key ON thread_shares (municipality_id, id);

-- +goose Down
DROP INDEX thread_shares_tenant_key;
DROP INDEX message_reads_tenant_key;
DROP INDEX message_mentions_tenant_key;
DROP INDEX message_pupils_tenant_key;
DROP INDEX message_edits_tenant_key;
DROP INDEX messages_tenant_key;
