-- +goose Up
-- A municipality's own templates for a school safety plan, beside the two
-- national ones: sections with their guiding questions, written by the
-- regisseur or the beheerder. Questions ask; they name no one, so they are
-- not sealed (a plan's answers are, in safety_plan_sections).
CREATE TABLE plan_templates (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    name            TEXT NOT NULL,
    sections        TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX plan_templates_tenant_key ON plan_templates (municipality_id, id);
CREATE UNIQUE INDEX plan_templates_name ON plan_templates (municipality_id, name);

-- +goose Down
DROP TABLE plan_templates;
