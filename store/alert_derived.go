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

// schoolNetwork returns the school the user works for in the role of a
// school employee, with its neighbourhood, its network (with members) and
// the user's place in that network today: the first of their schools (by
// name) whose network they hold a place in, else the first with a network
// (place ""). All "" (n nil) when the user works for no school in a network.
func (tx *Tx) schoolNetwork(ctx context.Context, municipalityID, userID string) (schoolID, neighbourhood string, n *vios.Network, place string, err error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT o.id, o.neighbourhood FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id
		WHERE ms.user_id = ? AND ms.municipality_id = ? AND ms.role = ? AND o.kind = ? ORDER BY o.name, o.id`),
		userID, municipalityID, vios.RoleSchool, vios.OrgSchool)
	schools, err := scanAll(rows, err, func(sc scanner) (s [2]string, err error) { return s, sc.Scan(&s[0], &s[1]) })
	if err != nil {
		return "", "", nil, "", err
	}
	today := vios.Date(tx.now)
	for _, s := range schools {
		sn, err := scanNetwork(tx.queryRow(ctx, `SELECT `+networkColumns+` FROM networks n JOIN network_schools s ON s.network_id = n.id
			WHERE s.organisation_id = ? AND n.municipality_id = ? AND n.kind <> ?
			ORDER BY CASE WHEN n.kind = ? THEN 0 ELSE 1 END, n.name, n.id LIMIT 1`,
			s[0], municipalityID, vios.NetworkAlertgroep, vios.NetworkKernteam))
		if err == sql.ErrNoRows {
			continue
		} else if err != nil {
			return "", "", nil, "", err
		}
		if sn.Members, err = tx.db.Networks.networkMembers(ctx, tx, sn.ID); err != nil {
			return "", "", nil, "", err
		}
		p := sn.PlaceOf(userID, today)
		if n == nil || (place == "" && p != "") {
			schoolID, neighbourhood, n, place = s[0], s[1], sn, p
		}
	}
	return schoolID, neighbourhood, n, place, nil
}

// derivedAudiences returns the groups derived for the user: none when they
// are no school employee holding a place in their school's network today
// (an alert needs a network to be followed up in, and only its members
// speak for the school); the neighbourhood only when the school names one.
func (tx *Tx) derivedAudiences(ctx context.Context, municipalityID, userID string) ([]derivedAudience, error) {
	schoolID, neighbourhood, n, place, err := tx.schoolNetwork(ctx, municipalityID, userID)
	if err != nil || n == nil || place == "" {
		return nil, err
	}
	return tx.audiencesOf(ctx, municipalityID, userID, schoolID, neighbourhood, n)
}

// audiencesOf computes the members of the groups derived for the school's
// network n.
func (tx *Tx) audiencesOf(ctx context.Context, municipalityID, userID, schoolID, neighbourhood string, n *vios.Network) ([]derivedAudience, error) {
	var err error
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
	// Beyond the school's network, an alert reaches only organisations that
	// signed the covenant whose clause the network works under: sharing
	// what the alert says with them is what that covenant makes lawful.
	parties, err := tx.signedParties(ctx, municipalityID, n.ID)
	if err != nil {
		return nil, err
	}
	if len(parties) == 0 {
		return append(list, audience(vios.AudienceNeighbourhood, neighbourhoodLabel(neighbourhood), n, schoolID, nil)), nil
	}
	in := placeholders(len(parties))
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT u.id, u.email, o.name FROM memberships ms JOIN users u ON u.id = ms.user_id
		JOIN organisations o ON o.id = ms.organisation_id
		WHERE ms.municipality_id = ? AND o.municipality_id = ms.municipality_id AND o.kind IN (?, ?) AND LOWER(o.neighbourhood) = LOWER(?)
			AND o.id IN (`+in+`)
			AND NOT u.disabled AND u.id <> ?
		UNION
		SELECT u.id, u.email, o.name FROM people p JOIN organisations o ON o.id = p.organisation_id AND o.municipality_id = p.municipality_id
		LEFT JOIN organisations s ON s.id = `+directorySchool+` AND s.municipality_id = p.municipality_id
		JOIN users u ON LOWER(u.email) = LOWER(p.email)
		WHERE p.municipality_id = ? AND p.email <> '' AND o.kind IN (?, ?) AND o.id IN (`+in+`) AND NOT u.disabled AND u.id <> ?
			AND EXISTS (SELECT 1 FROM memberships x WHERE x.user_id = u.id AND x.municipality_id = p.municipality_id)
			AND ((s.id IS NULL AND LOWER(p.neighbourhood) = LOWER(?)) OR (s.id IS NOT NULL AND LOWER(s.neighbourhood) = LOWER(?)))`),
		slices.Concat([]any{municipalityID, vios.OrgSchool, vios.OrgPartner, neighbourhood}, idArgs(parties), []any{userID,
			municipalityID, vios.OrgSchool, vios.OrgPartner}, idArgs(parties), []any{userID, neighbourhood, neighbourhood})...)
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
	return append(list, audience(vios.AudienceNeighbourhood, neighbourhoodLabel(neighbourhood), n, schoolID, unique)), nil
}

// signedParties returns the organisations that signed the covenant whose
// clause the network works under, when that covenant is in force today;
// none when the network has no clause or the covenant is not in force.
func (tx *Tx) signedParties(ctx context.Context, municipalityID, networkID string) ([]string, error) {
	na, err := tx.networkAccess(ctx, nil, municipalityID, networkID)
	if err != nil {
		return nil, err
	}
	c := na.sharing.Covenant
	if c == nil || c.Status(vios.Date(tx.now)) != vios.CovenantActive {
		return nil, nil
	}
	var ids []string
	for _, p := range c.Parties {
		if p.Status == vios.PartySigned {
			ids = append(ids, p.OrganisationID)
		}
	}
	return ids, nil
}

// neighbourhoodLabel names the neighbourhood group by whom it can reach.
func neighbourhoodLabel(neighbourhood string) string {
	return "Scholen en partners in mijn wijk (" + neighbourhood + ") die het convenant van ons netwerk tekenden"
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
// cannot be sent to: the raiser must be a school employee holding a place
// in the school's network today, for either group (a refusal is audited
// like every other).
func (tx *Tx) derivedAudience(ctx context.Context, municipalityID, userID, code string) (*derivedAudience, error) {
	schoolID, neighbourhood, n, place, err := tx.schoolNetwork(ctx, municipalityID, userID)
	if err != nil {
		return nil, err
	}
	if err := tx.authorize(ctx, vios.ActionRaiseAlert, vios.Resource{MunicipalityID: municipalityID, InNetwork: place}, "alert", ""); err != nil {
		return nil, err
	}
	if n == nil || place == "" {
		return nil, vios.Errorf(vios.EFORBIDDEN, "Een alert aan het netwerk of de wijk van uw school verstuurt u als u voor een school werkt en in het netwerk van die school zit.")
	}
	list, err := tx.audiencesOf(ctx, municipalityID, userID, schoolID, neighbourhood, n)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Code == code {
			return &list[i], nil
		}
	}
	return nil, vios.Invalid("alertgroep", "Uw school ligt niet in een wijk die de gemeente kent: kies een andere groep.", alertNotSent)
}
