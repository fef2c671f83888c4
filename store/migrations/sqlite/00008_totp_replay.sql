-- +goose Up
-- The last TOTP time step used per account: a code works only once (ASVS 6.6.x).
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN totp_last_step;
