-- +goose Up
-- P6 items 5 and 6. A case holds every pupil of its signal (case_pupils),
-- and each referral of its route belongs to one of them. cases.pupil_id is
-- superseded: it is emptied here and no longer written (SQLite cannot drop
-- a column that a foreign key names).
CREATE TABLE case_pupils (
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    pupil_id        TEXT NOT NULL REFERENCES pupils (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (case_id, pupil_id)
);
CREATE INDEX case_pupils_pupil ON case_pupils (pupil_id);

-- Every pupil a case was about, and every pupil of the signal it came from
-- (the ones the old code dropped) becomes a pupil of the case.
INSERT INTO case_pupils (case_id, pupil_id, municipality_id)
    SELECT id, pupil_id, municipality_id FROM cases WHERE pupil_id IS NOT NULL
    UNION
    SELECT c.id, sp.pupil_id, c.municipality_id FROM cases c JOIN signal_pupils sp ON sp.signal_id = c.signal_id;

ALTER TABLE referrals ADD COLUMN pupil_id TEXT REFERENCES pupils (id);
UPDATE referrals SET pupil_id = (SELECT c.pupil_id FROM cases c WHERE c.id = referrals.case_id);
CREATE INDEX referrals_pupil ON referrals (pupil_id);
UPDATE cases SET pupil_id = NULL;

-- What each organisation entered about a pupil. The pupils row is the
-- shown record: that of source_org_id, the organisation that entered the
-- pupil first; another organisation's entry never overwrites it but is
-- kept here, one row per organisation, sealed like the pupils row (bound
-- to table, row and column).
ALTER TABLE pupils ADD COLUMN source_org_id TEXT REFERENCES organisations (id);
UPDATE pupils SET source_org_id = (SELECT s.reporter_org_id FROM signal_pupils sp JOIN signals s ON s.id = sp.signal_id
    WHERE sp.pupil_id = pupils.id ORDER BY s.created_at, s.id LIMIT 1);

CREATE TABLE pupil_sources (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    pupil_id        TEXT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    school_id       TEXT NOT NULL REFERENCES organisations (id),
    name_sealed     TEXT NOT NULL DEFAULT '',
    birth_sealed    TEXT NOT NULL DEFAULT '',
    class_sealed    TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (pupil_id, organisation_id)
);
CREATE INDEX pupil_sources_key_version ON pupil_sources (municipality_id, key_version);

-- +goose Down
DROP TABLE pupil_sources;
ALTER TABLE pupils DROP COLUMN source_org_id;
UPDATE cases SET pupil_id = (SELECT MIN(cp.pupil_id) FROM case_pupils cp WHERE cp.case_id = cases.id);
DROP INDEX referrals_pupil;
ALTER TABLE referrals DROP COLUMN pupil_id;
DROP TABLE case_pupils;
