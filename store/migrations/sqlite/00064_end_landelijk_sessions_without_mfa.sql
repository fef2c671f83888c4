-- +goose Up
-- Since 0.9.0 the landelijk role needs a second factor too: it adds
-- municipalities and invites their first beheerder. A landelijk-only
-- account's sessions from before were opened on a password alone (the
-- login counted them as done, with no method); they end here, and the next
-- request asks to log in again, now with the second factor.
UPDATE sessions SET ended_at = CURRENT_TIMESTAMP
WHERE ended_at IS NULL AND mfa_method = ''
  AND user_id IN (SELECT user_id FROM memberships WHERE role = 'landelijk')
  AND user_id NOT IN (SELECT user_id FROM memberships WHERE role <> 'landelijk');

-- +goose Down
-- An ended session stays ended.
SELECT 1;
