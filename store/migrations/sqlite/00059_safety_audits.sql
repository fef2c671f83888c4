-- +goose Up
-- Safety audits (veiligheidsaudits, after Rotterdam): a municipality's own
-- checklist templates (the default one ships with the platform, in code,
-- versioned), audits of its schools that copy their template's items, so a
-- later change of the template never changes a held audit, findings per
-- item, advice, the school's responses, and the action items and safety-plan
-- measures the advice became. Notes, advice and responses may name a
-- person: sealed, like the pupil's name.
CREATE TABLE audit_templates (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    name             TEXT NOT NULL,
    based_on_version INTEGER NOT NULL DEFAULT 0,
    updated_by       TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX audit_templates_tenant_key ON audit_templates (municipality_id, id);

CREATE TABLE audit_template_items (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    template_id     TEXT NOT NULL REFERENCES audit_templates (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    item_key        TEXT NOT NULL,
    section         TEXT NOT NULL,
    text            TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_template_items_tenant_key ON audit_template_items (municipality_id, id);
CREATE UNIQUE INDEX audit_template_items_key ON audit_template_items (template_id, item_key);
CREATE INDEX audit_template_items_tenant ON audit_template_items (municipality_id, template_id, position);

CREATE TABLE audits (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    school_id        TEXT NOT NULL REFERENCES organisations (id),
    template_id      TEXT NOT NULL,
    template_name    TEXT NOT NULL,
    template_version INTEGER NOT NULL DEFAULT 0,
    audit_on         DATE NOT NULL,
    auditor_id       TEXT NOT NULL REFERENCES users (id),
    status           TEXT NOT NULL CHECK (status IN ('open', 'afgerond')),
    advice_sealed    TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0,
    completed_at     DATETIME,
    updated_by       TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX audits_tenant_key ON audits (municipality_id, id);
CREATE INDEX audits_school ON audits (municipality_id, school_id, audit_on);

CREATE TABLE audit_items (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    audit_id        TEXT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    item_key        TEXT NOT NULL,
    section         TEXT NOT NULL,
    text            TEXT NOT NULL,
    finding         TEXT NOT NULL DEFAULT '' CHECK (finding IN ('', 'in-orde', 'aandachtspunt', 'ontbreekt', 'nvt')),
    note_sealed     TEXT NOT NULL DEFAULT '',
    advice_sealed   TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX audit_items_tenant_key ON audit_items (municipality_id, id);
CREATE UNIQUE INDEX audit_items_key ON audit_items (audit_id, item_key);
CREATE INDEX audit_items_tenant ON audit_items (municipality_id, audit_id, position);

CREATE TABLE audit_responses (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    audit_id        TEXT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    author_id       TEXT NOT NULL REFERENCES users (id),
    text_sealed     TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX audit_responses_tenant_key ON audit_responses (municipality_id, id);
CREATE INDEX audit_responses_audit ON audit_responses (municipality_id, audit_id, created_at);

-- What advice became: an action item of the school's kernteam, or a
-- measure of its safety plan (also an action, in safety_plan_measures).
-- item_key '' is the audit's overall advice.
CREATE TABLE audit_follow_ups (
    action_id       TEXT PRIMARY KEY REFERENCES actions (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    audit_id        TEXT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    item_key        TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('actiepunt', 'maatregel')),
    plan_id         TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX audit_follow_ups_tenant_key ON audit_follow_ups (municipality_id, action_id);
CREATE INDEX audit_follow_ups_audit ON audit_follow_ups (municipality_id, audit_id);

-- +goose Down
DROP TABLE audit_follow_ups;
DROP TABLE audit_responses;
DROP TABLE audit_items;
DROP TABLE audits;
DROP TABLE audit_template_items;
DROP TABLE audit_templates;
