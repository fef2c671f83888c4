-- +goose Up
-- Measures of a safety plan: action items of the owning school's kernteam,
-- followed up there like any other; this table only says which plan an
-- action came from. The action's text stays sealed in actions.
CREATE TABLE safety_plan_measures (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    plan_id         TEXT NOT NULL REFERENCES safety_plans (id) ON DELETE CASCADE,
    action_id       TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, action_id)
);
CREATE UNIQUE INDEX safety_plan_measures_action ON safety_plan_measures (action_id);
CREATE UNIQUE INDEX safety_plan_measures_tenant_key ON safety_plan_measures (municipality_id, plan_id, action_id);

-- The review date of a section the school was last told had passed, so the
-- reminder goes once per date and a new date re-arms it.
ALTER TABLE safety_plan_sections ADD COLUMN overdue_reminded_for DATE;

-- +goose Down
ALTER TABLE safety_plan_sections DROP COLUMN overdue_reminded_for;
DROP TABLE safety_plan_measures;
