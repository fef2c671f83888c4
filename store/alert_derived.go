package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/vios-platform/vios"
)

// Alerts without preparation: for a member of a school, two groups are
// derived at raise time from what the municipality already keeps — the
// network of the school, and the schools and partners of its neighbourhood
// (the organisations there and the sociale kaart's contact persons for it).
// Only people with a role in the municipality are in them; the alert
// belongs to the school's network, whose members and chair follow it up.

// alertMember is a recipient-to-be of an alert.
type alertMember struct{ id, email, organisation string }

// derivedAudience is a derived group with the people it reaches.
type derivedAudience struct {
	vios.AlertAudience
	network  *vios.Network
	schoolID string
	members  []alertMember
}

// actorSchool returns the school the user works for in the municipality
// (the first by name) with its neighbourhood; "" when none.
func (tx *Tx) actorSchool(ctx context.Context, municipalityID, userID string) (id, neighbourhood string, err error) {
	err = tx.queryRow(ctx, `SELECT o.id, o.neighbourhood FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id
		WHERE ms.user_id = ? AND ms.municipality_id = ? AND o.kind = ? ORDER BY o.name, o.id LIMIT 1`,
		userID, municipalityID, vios.OrgSchool).Scan(&id, &neighbourhood)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	return id, neighbourhood, err
}

// derivedAudiences returns the groups derived for the user: none when they
// work for no school or the school is in no network yet (an alert needs a
// network to be followed up in); the neighbourhood only when the school
// names one.
func (tx *Tx) derivedAudiences(ctx context.Context, municipalityID, userID string) ([]derivedAudience, error) {
	schoolID, neighbourhood, err := tx.actorSchool(ctx, municipalityID, userID)
	if err != nil || schoolID == "" {
		return nil, err
	}
	n, err := scanNetwork(tx.queryRow(ctx, `SELECT `+networkColumns+` FROM networks n JOIN network_schools s ON s.network_id = n.id
		WHERE s.organisation_id = ? AND n.municipality_id = ? AND n.kind <> ?
		ORDER BY CASE WHEN n.kind = ? THEN 0 ELSE 1 END, n.name, n.id LIMIT 1`,
		schoolID, municipalityID, vios.NetworkAlertgroep, vios.NetworkKernteam))
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if n.Members, err = tx.db.Networks.networkMembers(ctx, tx, n.ID); err != nil {
		return nil, err
	}
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT u.id, u.email, o.name FROM network_members m JOIN users u ON u.id = m.user_id
		JOIN organisations o ON o.id = m.organisation_id
		WHERE m.network_id = ? AND m.position = ? AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) AND NOT u.disabled AND u.id <> ?
		ORDER BY o.name, u.email`), n.ID, vios.PositionMember, today, today, userID)
	members, err := scanAll(rows, err, scanAlertMember)
	if err != nil {
		return nil, fmt.Errorf("members of the school's network: %w", err)
	}
	list := []derivedAudience{audience(vios.AudienceSchoolNetwork, "Het netwerk van mijn school ("+n.Name+")", n, schoolID, members)}
	if neighbourhood == "" {
		return list, nil
	}
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT u.id, u.email, o.name FROM memberships ms JOIN users u ON u.id = ms.user_id
		JOIN organisations o ON o.id = ms.organisation_id
		WHERE ms.municipality_id = ? AND o.municipality_id = ms.municipality_id AND o.kind IN (?, ?) AND LOWER(o.neighbourhood) = LOWER(?)
			AND NOT u.disabled AND u.id <> ?
		UNION
		SELECT u.id, u.email, o.name FROM people p JOIN organisations o ON o.id = p.organisation_id AND o.municipality_id = p.municipality_id
		LEFT JOIN organisations s ON s.id = `+directorySchool+` AND s.municipality_id = p.municipality_id
		JOIN users u ON LOWER(u.email) = LOWER(p.email)
		WHERE p.municipality_id = ? AND p.email <> '' AND o.kind IN (?, ?) AND NOT u.disabled AND u.id <> ?
			AND EXISTS (SELECT 1 FROM memberships x WHERE x.user_id = u.id AND x.municipality_id = p.municipality_id)
			AND ((s.id IS NULL AND LOWER(p.neighbourhood) = LOWER(?)) OR (s.id IS NOT NULL AND LOWER(s.neighbourhood) = LOWER(?)))`),
		municipalityID, vios.OrgSchool, vios.OrgPartner, neighbourhood, userID,
		municipalityID, vios.OrgSchool, vios.OrgPartner, userID, neighbourhood, neighbourhood)
	near, err := scanAll(rows, err, scanAlertMember)
	if err != nil {
		return nil, fmt.Errorf("people of the neighbourhood: %w", err)
	}
	// One row per person (sorted here, so both dialects agree): the first
	// organisation by name.
	slices.SortFunc(near, func(a, b alertMember) int {
		if a.organisation != b.organisation {
			return compareStrings(a.organisation, b.organisation)
		}
		return compareStrings(a.email, b.email)
	})
	var unique []alertMember
	seen := map[string]bool{}
	for _, m := range near {
		if !seen[m.id] {
			seen[m.id] = true
			unique = append(unique, m)
		}
	}
	return append(list, audience(vios.AudienceNeighbourhood, "Alle scholen en partners in mijn wijk ("+neighbourhood+")", n, schoolID, unique)), nil
}

func scanAlertMember(sc scanner) (alertMember, error) {
	var m alertMember
	return m, sc.Scan(&m.id, &m.email, &m.organisation)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func audience(code, label string, n *vios.Network, schoolID string, members []alertMember) derivedAudience {
	d := derivedAudience{AlertAudience: vios.AlertAudience{Code: code, Label: label, NetworkID: n.ID, Count: len(members)},
		network: n, schoolID: schoolID, members: members}
	for _, m := range members {
		if !slices.Contains(d.Organisations, m.organisation) {
			d.Organisations = append(d.Organisations, m.organisation)
		}
	}
	slices.Sort(d.Organisations)
	return d
}

// AlertAudiences returns the groups derived for the actor with how many
// they reach and at which organisations: what the sender sees before
// sending. It names no one, so it reads no personal data.
func (db *Alerts) AlertAudiences(ctx context.Context, municipalityID string) ([]vios.AlertAudience, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	var out []vios.AlertAudience
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		list, err := tx.derivedAudiences(ctx, municipalityID, actor.User.ID)
		for _, d := range list {
			out = append(out, d.AlertAudience)
		}
		return err
	})
	return out, err
}

// derivedAudience returns the derived group code for the actor, or why it
// cannot be sent to.
func (tx *Tx) derivedAudience(ctx context.Context, municipalityID, userID, code string) (*derivedAudience, error) {
	list, err := tx.derivedAudiences(ctx, municipalityID, userID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Code == code {
			return &list[i], nil
		}
	}
	if len(list) == 0 {
		return nil, vios.Errorf(vios.EFORBIDDEN, "Een alert aan het netwerk of de wijk van uw school verstuurt u als u voor een school werkt die in een netwerk zit.")
	}
	return nil, vios.Invalid("alertgroep", "Uw school ligt niet in een wijk die de gemeente kent: kies een andere groep.", alertNotSent)
}
