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
    SELECT json_group_array(CASE
        WHEN EXISTS (SELECT 1 FROM json_each(r.value, '$.Categories') c WHERE c.value = 'school-zorg')
             AND NOT EXISTS (SELECT 1 FROM json_each(r.value, '$.Categories') c WHERE c.value = 'plan')
        THEN json_insert(r.value, '$.Categories[#]', 'plan')
        ELSE json(r.value) END)
    FROM json_each(sharing_clauses.recipients) r)
WHERE recipients LIKE '%school-zorg%';

-- +goose Down
UPDATE sharing_clauses SET recipients = replace(recipients, ',"plan"', '');
ALTER TABLE sharing_clauses DROP COLUMN across_schools;
