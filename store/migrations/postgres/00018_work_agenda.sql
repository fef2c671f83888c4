-- +goose Up
-- The yearly work agenda (P4, Rotterdam): per municipality and year the
-- priorities, each linked to action items of the municipality's networks.
CREATE TABLE work_priorities (
    id                    TEXT PRIMARY KEY,
    municipality_id       TEXT NOT NULL REFERENCES municipalities (id),
    year                  INTEGER NOT NULL CHECK (year >= 2000),
    position              INTEGER NOT NULL,
    title                 TEXT NOT NULL CHECK (title <> ''),
    description           TEXT NOT NULL DEFAULT '',
    owner_organisation_id TEXT REFERENCES organisations (id),
    target                TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL CHECK (status IN ('gepland', 'loopt', 'gereed', 'gestopt')),
    stop_reason           TEXT NOT NULL DEFAULT '',
    -- The priority of the previous year this one continues.
    copied_from           TEXT REFERENCES work_priorities (id),
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'gestopt') = (stop_reason <> ''))
);
CREATE INDEX work_priorities_year ON work_priorities (municipality_id, year, position);
CREATE UNIQUE INDEX work_priorities_title ON work_priorities (municipality_id, year, LOWER(title));

CREATE TABLE work_priority_actions (
    priority_id     TEXT NOT NULL REFERENCES work_priorities (id) ON DELETE CASCADE,
    action_id       TEXT NOT NULL REFERENCES actions (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    linked_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (priority_id, action_id)
);
CREATE INDEX work_priority_actions_action ON work_priority_actions (action_id);

-- Row-level security, as in 00012_rls.sql.

ALTER TABLE work_priorities ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_priorities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_priorities
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE work_priority_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_priority_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_priority_actions
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE work_priority_actions;
DROP TABLE work_priorities;
