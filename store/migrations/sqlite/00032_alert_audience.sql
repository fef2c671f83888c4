-- +goose Up
-- Alerts without preparation: besides an alert group the regisseur built
-- (audience ''), an alert can go to a group derived at raise time from the
-- networks and the sociale kaart: the network of the sender's school
-- ('netwerk-school') or every school and partner in its neighbourhood
-- ('wijk'). The alert belongs to the school's network (who follows it up);
-- the audience says whom it went to, the recipients who they were.
ALTER TABLE alerts ADD COLUMN audience TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE alerts DROP COLUMN audience;
