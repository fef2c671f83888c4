-- +goose Up
-- P6: clauses give pupil data to signed parties only, field by field.
-- A clause may let the schools of a network of several schools see each
-- other's pupils by name; without it (the default) a school sees only its
-- own pupils there.
ALTER TABLE sharing_clauses ADD COLUMN across_schools BOOLEAN NOT NULL DEFAULT FALSE;

-- The new category "plan" (a case's plan, notes, closing reason and route
-- notes) goes to the recipients that already received school and care
-- information, which the plan of a case was read as until now; everyone
-- else stops reading plans until the covenant gives them this category.
UPDATE sharing_clauses SET recipients = (
    SELECT COALESCE(jsonb_agg(CASE
        WHEN (r.value -> 'Categories') ? 'school-zorg' AND NOT (r.value -> 'Categories') ? 'plan'
        THEN jsonb_set(r.value, '{Categories}', (r.value -> 'Categories') || '["plan"]'::jsonb)
        ELSE r.value END ORDER BY r.i), '[]'::jsonb)::text
    FROM jsonb_array_elements(sharing_clauses.recipients::jsonb) WITH ORDINALITY AS r(value, i))
WHERE recipients LIKE '%school-zorg%';

-- +goose Down
UPDATE sharing_clauses SET recipients = replace(replace(recipients, ', "plan"', ''), ',"plan"', '');
ALTER TABLE sharing_clauses DROP COLUMN across_schools;
