-- +goose Up
-- The one-time key of a signal form: a draft sent again after a lost
-- connection stores no second signal; the replay finds the first one.
-- Per user, so one person's key never reveals another's signal.
CREATE TABLE signal_form_keys (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    form_key        TEXT NOT NULL,
    signal_id       TEXT NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (user_id, form_key)
);
CREATE INDEX signal_form_keys_signal ON signal_form_keys (signal_id);

-- +goose Down
DROP TABLE signal_form_keys;
