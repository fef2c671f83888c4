-- +goose Up
-- The dashboard's signal figures, pre-aggregated: how many signals each
-- municipality's network had per phenomenon and day, once with school_id
-- '' (every signal once) and once per school the signal belongs to (it
-- names the school or one of its pupils goes there, as in the signals
-- list; a signal counts once per school). The store keeps it in the
-- transaction of every write that creates, changes or removes a signal or
-- its link to a school or pupil (store/signal_counts.go); rows that fall
-- to 0 stay until a rebuild (`vios check`'s signal counts).
CREATE TABLE signal_counts (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    school_id       TEXT NOT NULL,
    day             DATE NOT NULL,
    phenomenon      TEXT NOT NULL,
    network_id      TEXT NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, school_id, day, phenomenon, network_id)
);

INSERT INTO signal_counts (municipality_id, school_id, day, phenomenon, network_id, n)
SELECT municipality_id, '', occurred_on, phenomenon, network_id, COUNT(*) FROM signals
GROUP BY municipality_id, occurred_on, phenomenon, network_id;

INSERT INTO signal_counts (municipality_id, school_id, day, phenomenon, network_id, n)
SELECT s.municipality_id, x.org, s.occurred_on, s.phenomenon, s.network_id, COUNT(*) FROM (
    SELECT signal_id, organisation_id AS org FROM signal_schools
    UNION SELECT sp.signal_id, p.school_id FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id
) x JOIN signals s ON s.id = x.signal_id
GROUP BY s.municipality_id, x.org, s.occurred_on, s.phenomenon, s.network_id;

-- +goose Down
DROP TABLE signal_counts;
