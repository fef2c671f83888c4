-- +goose Up
-- Jobs walk their due items in chunks, each chunk starting after the
-- (day, id) of the last item of the one before. These indexes let a chunk
-- start there instead of reading again every item of the same day before
-- it: 100,000 reviews due on one day made the walk quadratic.
CREATE INDEX cases_review_walk ON cases (municipality_id, status, next_review_on, id);
CREATE INDEX actions_due_walk ON actions (municipality_id, due_on, id);
CREATE INDEX referrals_wait_walk ON referrals (municipality_id, status, waiting_since, id);

-- +goose Down
DROP INDEX referrals_wait_walk;
DROP INDEX actions_due_walk;
DROP INDEX cases_review_walk;
