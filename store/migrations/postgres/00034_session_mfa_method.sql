-- +goose Up
-- How the login's second step was given (totp, herstelcode, passkey,
-- passkey-eigen-apparaat, ...): marking a device as one's own needs a
-- login completed by a passkey a few minutes ago.
ALTER TABLE sessions ADD COLUMN mfa_method TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN mfa_method;
