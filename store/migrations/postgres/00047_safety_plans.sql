-- +goose Up
-- The school safety plan (veiligheidsplan): owned by one school, covering
-- it and, for a board's plan, the board's other schools. Section texts,
-- version snapshots and comments are free text that may name a person:
-- sealed under the municipality's key like other free text.
CREATE TABLE safety_plans (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    owner_org_id     TEXT NOT NULL REFERENCES organisations (id),
    title            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('concept', 'vastgesteld')),
    version          INTEGER NOT NULL,
    approved_version INTEGER NOT NULL DEFAULT 0,
    approved_by      TEXT NOT NULL DEFAULT '',
    approved_at      TIMESTAMPTZ,
    -- '' (not shared), 'gemeente' or 'landelijk' (an example, without names)
    shared           TEXT NOT NULL DEFAULT '' CHECK (shared IN ('', 'gemeente', 'landelijk')),
    based_on         TEXT NOT NULL DEFAULT '',
    review_on        DATE NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX safety_plans_tenant_key ON safety_plans (municipality_id, id);
CREATE INDEX safety_plans_owner ON safety_plans (municipality_id, owner_org_id);

CREATE TABLE safety_plan_schools (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (plan_id, organisation_id)
);
CREATE UNIQUE INDEX safety_plan_schools_tenant_key ON safety_plan_schools (municipality_id, plan_id, organisation_id);

CREATE TABLE safety_plan_sections (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    questions       TEXT NOT NULL DEFAULT '',
    body_sealed     TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    -- the partner organisation that writes this section ('' = the school)
    partner_org_id  TEXT NOT NULL DEFAULT '',
    review_on       DATE,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX safety_plan_sections_tenant_key ON safety_plan_sections (municipality_id, id);
CREATE INDEX safety_plan_sections_plan ON safety_plan_sections (plan_id, position);

CREATE TABLE safety_plan_versions (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    summary         TEXT NOT NULL,
    -- the sections as JSON, sealed
    snapshot_sealed TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    approved        BOOLEAN NOT NULL DEFAULT FALSE,
    changed_by      TEXT NOT NULL DEFAULT '',
    changed_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (plan_id, version)
);
CREATE UNIQUE INDEX safety_plan_versions_tenant_key ON safety_plan_versions (municipality_id, id);

CREATE TABLE safety_plan_comments (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    section_id      TEXT NOT NULL DEFAULT '',
    author_id       TEXT NOT NULL REFERENCES users (id),
    text_sealed     TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX safety_plan_comments_tenant_key ON safety_plan_comments (municipality_id, id);
CREATE INDEX safety_plan_comments_plan ON safety_plan_comments (plan_id, created_at);

-- Who helps write a plan besides its school (a coordinator, the OTSV):
-- given per plan by the school.
CREATE TABLE safety_plan_helpers (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (plan_id, user_id)
);
CREATE UNIQUE INDEX safety_plan_helpers_tenant_key ON safety_plan_helpers (municipality_id, plan_id, user_id);

-- The school accounts that may approve (vaststellen) the plans their
-- school owns: the director or the board, marked by the beheerder.
CREATE TABLE safety_plan_approvers (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (organisation_id, user_id)
);
CREATE UNIQUE INDEX safety_plan_approvers_tenant_key ON safety_plan_approvers (municipality_id, organisation_id, user_id);

ALTER TABLE safety_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plans FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plans
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_schools ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_schools FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_schools
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_sections ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_sections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_sections
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_versions
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_comments
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_helpers ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_helpers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_helpers
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE safety_plan_approvers ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_plan_approvers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON safety_plan_approvers
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE safety_plan_approvers;
DROP TABLE safety_plan_helpers;
DROP TABLE safety_plan_comments;
DROP TABLE safety_plan_versions;
DROP TABLE safety_plan_sections;
DROP TABLE safety_plan_schools;
DROP TABLE safety_plans;
