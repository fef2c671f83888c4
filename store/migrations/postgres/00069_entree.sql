-- +goose Up
-- Kennisnet's Entree Federatie: the first login of school staff the platform
-- does not know yet. Entree releases no e-mail address by default, so an
-- account is never made or linked by address: the login leaves a request
-- here, one per school whose BRIN the federation names, for the
-- municipality's beheerder to confirm with a role or refuse. Until then the
-- person has no account and sees nothing. subject is the federation's uid
-- scoped by the home organisation ("uid@BRIN"); name and e-mail, as
-- released, are sealed under the municipality's key.
CREATE TABLE entree_requests (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    provider         TEXT NOT NULL,
    issuer           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    affiliations     TEXT NOT NULL,
    proposed_role    TEXT NOT NULL,
    name_sealed      TEXT NOT NULL DEFAULT '',
    email_sealed     TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL CHECK (status IN ('wacht', 'bevestigd', 'geweigerd')),
    user_id          TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    decided_at       TIMESTAMPTZ
);
CREATE UNIQUE INDEX entree_requests_tenant_key ON entree_requests (municipality_id, id);
CREATE UNIQUE INDEX entree_requests_identity ON entree_requests (municipality_id, issuer, subject, organisation_id);
CREATE INDEX entree_requests_waiting ON entree_requests (municipality_id, status);

-- Row-level security: a municipality's transaction sees and writes only
-- its own requests.
ALTER TABLE entree_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE entree_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entree_requests
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE entree_requests;
