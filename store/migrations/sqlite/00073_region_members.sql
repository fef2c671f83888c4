-- +goose Up
-- Regional collaborations (issue 18, item 1): in a regio (Parkstad) every
-- organisation belongs to one of its member municipalities, or to the
-- region as a whole (''). A network whose organisations come from member
-- municipalities shares names only under a covenant each of them signed
-- (vios.RegionalSharing).
ALTER TABLE organisations ADD COLUMN member_municipality TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE organisations DROP COLUMN member_municipality;
