-- +goose Up
-- Delivery of the outbox over SMTP: how often a mail was tried and when it
-- may be tried next. A claimed mail gets next_attempt_at = now + lease, so a
-- crash mid-send leads to a retry once the lease has run out; a failure sets
-- it to now + backoff. Only sent_at says a mail went out.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMPTZ;
CREATE INDEX outbox_pending ON outbox (next_attempt_at, created_at) WHERE sent_at IS NULL;

-- +goose Down
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
ALTER TABLE outbox DROP COLUMN attempts;
