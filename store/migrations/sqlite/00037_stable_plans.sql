-- +goose Up
-- Plans that hold without statistics: the per-row check of a place in a
-- network (placeFilter) looks a member up by user and network, and the
-- Vandaag list of new signals walks them by creation time.
CREATE INDEX network_members_place ON network_members (user_id, network_id);
CREATE INDEX signals_recent ON signals (municipality_id, created_at DESC, id);

-- Every tenant table carries municipality_id in its primary key or in a
-- unique index, so the schema maps onto a database distributed by
-- municipality (Citus; docs/SCALING.md), where a unique constraint must
-- hold the distribution column (TestTenantTablesAreDistributable).
CREATE UNIQUE INDEX action_notes_tenant_key ON action_notes (municipality_id, id);
CREATE UNIQUE INDEX actions_tenant_key ON actions (municipality_id, id);
CREATE UNIQUE INDEX agenda_item_phenomena_tenant_key ON agenda_item_phenomena (municipality_id, item_id, code);
CREATE UNIQUE INDEX agenda_items_tenant_key ON agenda_items (municipality_id, id);
CREATE UNIQUE INDEX alert_recipients_tenant_key ON alert_recipients (municipality_id, alert_id, user_id);
CREATE UNIQUE INDEX attendance_tenant_key ON attendance (municipality_id, meeting_id, member_id);
CREATE UNIQUE INDEX audit_log_tenant_key ON audit_log (municipality_id, seq);
CREATE UNIQUE INDEX case_actions_tenant_key ON case_actions (municipality_id, case_id, action_id);
CREATE UNIQUE INDEX case_notes_tenant_key ON case_notes (municipality_id, id);
CREATE UNIQUE INDEX case_pupils_tenant_key ON case_pupils (municipality_id, case_id, pupil_id);
CREATE UNIQUE INDEX clause_activities_tenant_key ON clause_activities (municipality_id, clause_id, activity_id);
CREATE UNIQUE INDEX covenant_agreements_tenant_key ON covenant_agreements (municipality_id, id);
CREATE UNIQUE INDEX covenant_parties_tenant_key ON covenant_parties (municipality_id, id);
CREATE UNIQUE INDEX covenant_protocol_tenant_key ON covenant_protocol (municipality_id, covenant_id, position);
CREATE UNIQUE INDEX covenant_versions_tenant_key ON covenant_versions (municipality_id, covenant_id, version);
CREATE UNIQUE INDEX covenants_tenant_key ON covenants (municipality_id, id);
CREATE UNIQUE INDEX deletion_records_tenant_key ON deletion_records (municipality_id, id);
CREATE UNIQUE INDEX match_notices_tenant_key ON match_notices (municipality_id, id);
CREATE UNIQUE INDEX meetings_tenant_key ON meetings (municipality_id, id);
CREATE UNIQUE INDEX memberships_tenant_key ON memberships (municipality_id, id);
CREATE UNIQUE INDEX minutes_corrections_tenant_key ON minutes_corrections (municipality_id, id);
CREATE UNIQUE INDEX network_members_tenant_key ON network_members (municipality_id, id);
CREATE UNIQUE INDEX network_schools_tenant_key ON network_schools (municipality_id, network_id, organisation_id);
CREATE UNIQUE INDEX people_tenant_key ON people (municipality_id, id);
CREATE UNIQUE INDEX processing_log_tenant_key ON processing_log (municipality_id, seq);
CREATE UNIQUE INDEX pupil_sources_tenant_key ON pupil_sources (municipality_id, id);
CREATE UNIQUE INDEX referral_events_tenant_key ON referral_events (municipality_id, id);
CREATE UNIQUE INDEX referrals_tenant_key ON referrals (municipality_id, id);
CREATE UNIQUE INDEX sharing_clauses_tenant_key ON sharing_clauses (municipality_id, id);
CREATE UNIQUE INDEX signal_form_keys_tenant_key ON signal_form_keys (municipality_id, user_id, form_key);
CREATE UNIQUE INDEX signal_pupils_tenant_key ON signal_pupils (municipality_id, signal_id, pupil_id);
CREATE UNIQUE INDEX signal_schools_tenant_key ON signal_schools (municipality_id, signal_id, organisation_id);
CREATE UNIQUE INDEX work_priority_actions_tenant_key ON work_priority_actions (municipality_id, priority_id, action_id);

-- +goose Down
DROP INDEX action_notes_tenant_key;
DROP INDEX actions_tenant_key;
DROP INDEX agenda_item_phenomena_tenant_key;
DROP INDEX agenda_items_tenant_key;
DROP INDEX alert_recipients_tenant_key;
DROP INDEX attendance_tenant_key;
DROP INDEX audit_log_tenant_key;
DROP INDEX case_actions_tenant_key;
DROP INDEX case_notes_tenant_key;
DROP INDEX case_pupils_tenant_key;
DROP INDEX clause_activities_tenant_key;
DROP INDEX covenant_agreements_tenant_key;
DROP INDEX covenant_parties_tenant_key;
DROP INDEX covenant_protocol_tenant_key;
DROP INDEX covenant_versions_tenant_key;
DROP INDEX covenants_tenant_key;
DROP INDEX deletion_records_tenant_key;
DROP INDEX match_notices_tenant_key;
DROP INDEX meetings_tenant_key;
DROP INDEX memberships_tenant_key;
DROP INDEX minutes_corrections_tenant_key;
DROP INDEX network_members_tenant_key;
DROP INDEX network_schools_tenant_key;
DROP INDEX people_tenant_key;
DROP INDEX processing_log_tenant_key;
DROP INDEX pupil_sources_tenant_key;
DROP INDEX referral_events_tenant_key;
DROP INDEX referrals_tenant_key;
DROP INDEX sharing_clauses_tenant_key;
DROP INDEX signal_form_keys_tenant_key;
DROP INDEX signal_pupils_tenant_key;
DROP INDEX signal_schools_tenant_key;
DROP INDEX work_priority_actions_tenant_key;
DROP INDEX signals_recent;
DROP INDEX network_members_place;
