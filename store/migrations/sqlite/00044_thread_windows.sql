-- +goose Up
-- A member reads a network's thread from when their membership was
-- written, not from a joined_on the chair may backdate; older history
-- opens only through a share. Existing rows keep what they had.
ALTER TABLE network_members ADD COLUMN created_at DATETIME;
UPDATE network_members SET created_at = joined_on;

-- A share is tied to the membership it was given for: it ends when that
-- membership ends. An existing share goes to the member's current seat.
ALTER TABLE thread_shares ADD COLUMN member_id TEXT REFERENCES network_members (id);
UPDATE thread_shares SET member_id = (SELECT m.id FROM network_members m
    WHERE m.network_id = thread_shares.network_id AND m.user_id = thread_shares.user_id AND m.left_on IS NULL
    ORDER BY m.joined_on DESC LIMIT 1);

-- +goose Down
ALTER TABLE thread_shares DROP COLUMN member_id;
ALTER TABLE network_members DROP COLUMN created_at;
