-- +goose Up
-- The mails of a start request: linked to the request, so that the
-- retention pass that erases the request erases its mails in the outbox
-- too; and clear_body for a mail whose body is blanked once it is sent
-- (the advice, which is kept sealed in the request itself). The index on
-- created_at serves the hourly cap over all senders of start requests.
ALTER TABLE outbox ADD COLUMN start_request_id TEXT;
ALTER TABLE outbox ADD COLUMN clear_body BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX outbox_start_request ON outbox (start_request_id) WHERE start_request_id IS NOT NULL;
CREATE INDEX start_requests_created ON start_requests (created_at);

-- +goose Down
DROP INDEX start_requests_created;
DROP INDEX outbox_start_request;
ALTER TABLE outbox DROP COLUMN clear_body;
ALTER TABLE outbox DROP COLUMN start_request_id;
