-- +goose Up
-- PDCA reminders of safety plans: the review date the owner was last told
-- of (before it comes) and the one the coordinators were told was missed,
-- so each reminder goes once per review date and a new date re-arms it.
ALTER TABLE safety_plans ADD COLUMN review_reminded_for DATE;
ALTER TABLE safety_plans ADD COLUMN overdue_reminded_for DATE;

-- +goose Down
ALTER TABLE safety_plans DROP COLUMN overdue_reminded_for;
ALTER TABLE safety_plans DROP COLUMN review_reminded_for;
