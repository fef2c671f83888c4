-- +goose Up
-- The sociale kaart (P3): a contact person says what to contact them for
-- (topic) and how (phone, beside the e-mail address), and for whom: one
-- school of the municipality, one neighbourhood, or — both empty — the whole
-- municipality. The store checks that the school is a school of the
-- person's municipality. The row-level security of people (00012) covers
-- the new columns.
ALTER TABLE people ADD COLUMN topic TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN school_id TEXT REFERENCES organisations (id);
ALTER TABLE people ADD COLUMN neighbourhood TEXT NOT NULL DEFAULT '';
CREATE INDEX people_school ON people (school_id);

-- +goose Down
DROP INDEX people_school;
ALTER TABLE people DROP COLUMN neighbourhood;
ALTER TABLE people DROP COLUMN school_id;
ALTER TABLE people DROP COLUMN phone;
ALTER TABLE people DROP COLUMN topic;
