-- +goose Up
-- Web Push: the devices a user opted in on, and a durable queue of the
-- content-free notices to send them (title, body, a link into the
-- platform), sent by a job like the mail outbox. The endpoint is a
-- capability URL: it is never logged; endpoint_hash makes it unique across
-- users without an index on a long text.
CREATE TABLE push_subscriptions (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    endpoint_hash TEXT NOT NULL UNIQUE,
    p256dh        TEXT NOT NULL,
    auth          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

CREATE TABLE push_outbox (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    link            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    error           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX push_outbox_pending ON push_outbox (next_attempt_at, created_at);
CREATE INDEX push_outbox_subscription ON push_outbox (subscription_id);

-- +goose Down
DROP TABLE push_outbox;
DROP TABLE push_subscriptions;
