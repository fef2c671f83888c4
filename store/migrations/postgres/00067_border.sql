-- +goose Up
-- The border between municipalities (issue 18): a sharing clause may name
-- the municipalities with which it lets a match notice and a named
-- discussion cross the border (border_municipalities, a JSON list). It
-- works only when the other municipality's own clause names this one back;
-- nothing else crosses.
ALTER TABLE sharing_clauses ADD COLUMN border_municipalities TEXT NOT NULL DEFAULT '[]';

-- A pupil may go to school in another municipality: the home
-- municipality's pupil row names that school. A school's identity (name,
-- type, BRIN) is public reference data (the national overview lists every
-- school), so schools are readable from every tenant; writing stays
-- within the own municipality, and every other kind of organisation stays
-- behind the tenant.
-- A second, read-only policy: policies of one command are OR'ed, so
-- UPDATE and DELETE still reach only the own municipality's rows.
CREATE POLICY schools_readable ON organisations FOR SELECT USING (kind = 'school');

-- +goose Down
DROP POLICY schools_readable ON organisations;
ALTER TABLE sharing_clauses DROP COLUMN border_municipalities;
