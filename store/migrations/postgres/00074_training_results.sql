-- +goose Up
-- A training's result moves only in steps of five answers
-- (vios.TrainingResultStep): otherwise whoever watched the catalogue
-- before and after one participant answered could work out that answer.
-- training_results keeps a running tally per training and moment (no
-- municipality: it is the platform-wide aggregate, summed inside each
-- answer's own transaction, so no tenant reads another's answers), and
-- the published figures, copied from the tally each time its count
-- reaches a multiple of the step. The published figures start as what was
-- shown before.
CREATE TABLE training_results (
    training_id     TEXT NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    phase           TEXT NOT NULL CHECK (phase IN ('voor', 'na')),
    answers         INTEGER NOT NULL,
    score_sum       DOUBLE PRECISION NOT NULL,
    rating_sum      DOUBLE PRECISION NOT NULL,
    shown_answers   INTEGER NOT NULL,
    shown_score     DOUBLE PRECISION NOT NULL,
    shown_rating    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (training_id, phase)
);
INSERT INTO training_results (training_id, phase, answers, score_sum, rating_sum, shown_answers, shown_score, shown_rating)
SELECT training_id, phase, COUNT(*), SUM(score), COALESCE(SUM(rating), 0), COUNT(*), AVG(score), COALESCE(AVG(rating), 0)
FROM training_responses GROUP BY training_id, phase;

-- +goose Down
DROP TABLE training_results;
