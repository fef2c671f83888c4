-- +goose Up
-- Row-level security: the second wall between municipalities. The store
-- sets vios.tenant (transaction-local) in every tenant-scoped transaction;
-- then only that municipality's rows (and rows of no municipality) are
-- visible or writable. Unset is the system context: the public national
-- overview, migrations, logins. FORCE makes the table owner subject to it
-- too; only superusers bypass it, so production runs as a plain role.
ALTER TABLE approaches ENABLE ROW LEVEL SECURITY;
ALTER TABLE approaches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON approaches
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE municipality_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE municipality_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON municipality_members
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organisations
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON people
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- Memberships of other municipalities stay visible (an administrator sees
-- that a user also works elsewhere) but cannot be written.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
    USING (true)
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id IS NULL OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE processing_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE processing_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON processing_log
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP POLICY tenant_isolation ON processing_log;
DROP POLICY tenant_isolation ON audit_log;
DROP POLICY tenant_isolation ON memberships;
DROP POLICY tenant_isolation ON people;
DROP POLICY tenant_isolation ON organisations;
DROP POLICY tenant_isolation ON municipality_members;
DROP POLICY tenant_isolation ON approaches;
ALTER TABLE processing_log DISABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;
ALTER TABLE memberships DISABLE ROW LEVEL SECURITY;
ALTER TABLE people DISABLE ROW LEVEL SECURITY;
ALTER TABLE organisations DISABLE ROW LEVEL SECURITY;
ALTER TABLE municipality_members DISABLE ROW LEVEL SECURITY;
ALTER TABLE approaches DISABLE ROW LEVEL SECURITY;
