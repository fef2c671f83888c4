package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// CreateNetwork stores a new network of the municipality. Its schools must
// be schools of that municipality.
func (db *Networks) CreateNetwork(ctx context.Context, n *vios.Network) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, n.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionCreateNetwork, vios.Resource{MunicipalityID: n.MunicipalityID}, "netwerk", ""); err != nil {
			return err
		}
		n.ID = uuid.NewString()
		n.CreatedAt = tx.now.Truncate(time.Microsecond)
		n.UpdatedAt = n.CreatedAt
		if err := tx.checkNetworkName(ctx, n); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO networks (id, municipality_id, kind, name, level, neighbourhood, description,
			every_weeks, times_per_year, agenda_days, proposal_days, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.ID, n.MunicipalityID, n.Kind, n.Name, n.Level, n.Neighbourhood, n.Description, n.Cadence.EveryWeeks,
			n.Cadence.TimesPerYear, n.AgendaDaysAhead, n.ProposalDaysAhead, n.CreatedAt, n.UpdatedAt); err != nil {
			return fmt.Errorf("insert network: %w", err)
		}
		if err := tx.setNetworkSchools(ctx, n); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "netwerk-aangemaakt", ObjectType: "netwerk", ObjectID: n.ID, MunicipalityID: n.MunicipalityID})
	})
}

func (tx *Tx) checkNetworkName(ctx context.Context, n *vios.Network) error {
	var count int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM networks WHERE municipality_id = ? AND name = ? AND id <> ?`,
		n.MunicipalityID, n.Name, n.ID).Scan(&count); err != nil {
		return err
	}
	if count > 0 {
		return vios.Errorf(vios.ECONFLICT, "Er bestaat in deze gemeente al een netwerk met deze naam.")
	}
	return nil
}

func (tx *Tx) setNetworkSchools(ctx context.Context, n *vios.Network) error {
	if err := tx.exec(ctx, `DELETE FROM network_schools WHERE network_id = ?`, n.ID); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, id := range n.SchoolIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if ok, err := tx.isSchoolOf(ctx, n.MunicipalityID, id); err != nil {
			return err
		} else if !ok {
			return vios.Invalid("scholen", "Kies scholen van deze gemeente.", "De gegevens van het netwerk zijn niet volledig of niet juist.")
		}
		if err := tx.exec(ctx, `INSERT INTO network_schools (network_id, organisation_id, municipality_id) VALUES (?, ?, ?)`,
			n.ID, id, n.MunicipalityID); err != nil {
			return err
		}
	}
	return nil
}

// UpdateNetwork changes the network's fields if it is unchanged since basedOn.
func (db *Networks) UpdateNetwork(ctx context.Context, n *vios.Network, basedOn time.Time) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, n.MunicipalityID, func(tx *Tx) error {
		var current time.Time
		if err := tx.queryRow(ctx, `SELECT updated_at FROM networks WHERE id = ? AND municipality_id = ?`, n.ID, n.MunicipalityID).
			Scan(&current); err != nil {
			return errNoRows(err, "Dit netwerk bestaat niet.")
		}
		if err := tx.authorizeInNetwork(ctx, vios.ActionManageNetwork, n.MunicipalityID, n.ID, "netwerk", n.ID); err != nil {
			return err
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft het netwerk intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; laad de pagina opnieuw.")
		}
		if err := tx.checkNetworkName(ctx, n); err != nil {
			return err
		}
		n.UpdatedAt = tx.now.Truncate(time.Microsecond)
		if err := tx.exec(ctx, `UPDATE networks SET kind = ?, name = ?, level = ?, neighbourhood = ?, description = ?,
			every_weeks = ?, times_per_year = ?, agenda_days = ?, proposal_days = ?, updated_at = ? WHERE id = ?`,
			n.Kind, n.Name, n.Level, n.Neighbourhood, n.Description, n.Cadence.EveryWeeks, n.Cadence.TimesPerYear,
			n.AgendaDaysAhead, n.ProposalDaysAhead, n.UpdatedAt, n.ID); err != nil {
			return fmt.Errorf("update network: %w", err)
		}
		if err := tx.setNetworkSchools(ctx, n); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "netwerk-gewijzigd", ObjectType: "netwerk", ObjectID: n.ID, MunicipalityID: n.MunicipalityID})
	})
}

const networkColumns = `n.id, n.municipality_id, n.kind, n.name, n.level, n.neighbourhood, n.description, n.every_weeks,
	n.times_per_year, n.agenda_days, n.proposal_days, COALESCE(n.clause_id, ''), n.created_at, n.updated_at`

func scanNetwork(row interface{ Scan(...any) error }) (*vios.Network, error) {
	n := &vios.Network{}
	err := row.Scan(&n.ID, &n.MunicipalityID, &n.Kind, &n.Name, &n.Level, &n.Neighbourhood, &n.Description,
		&n.Cadence.EveryWeeks, &n.Cadence.TimesPerYear, &n.AgendaDaysAhead, &n.ProposalDaysAhead, &n.ClauseID, &n.CreatedAt, &n.UpdatedAt)
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return n, err
}

// FindNetwork returns a network of the municipality with its schools and
// all its members, past ones included. Member names are read in the
// processing log's terms only when a page shows them (ListNetworkMembers).
func (db *Networks) FindNetwork(ctx context.Context, municipalityID, id string) (*vios.Network, error) {
	return findInTenant(ctx, db.DB, municipalityID, id, "Dit netwerk bestaat niet.",
		`SELECT `+networkColumns+` FROM networks n WHERE n.id = ? AND n.municipality_id = ?`, scanNetwork,
		func(q querier, n *vios.Network) (err error) {
			if n.SchoolIDs, err = db.networkSchools(ctx, q, n.ID); err != nil {
				return err
			}
			n.Members, err = db.networkMembers(ctx, q, n.ID)
			return err
		})
}

func (db *Networks) networkSchools(ctx context.Context, q querier, networkID string) ([]string, error) {
	return scanStrings(q.QueryContext(ctx, db.rebind(`SELECT s.organisation_id FROM network_schools s
		JOIN organisations o ON o.id = s.organisation_id WHERE s.network_id = ? ORDER BY o.name`), networkID))
}

func (db *Networks) networkMembers(ctx context.Context, q querier, networkID string) ([]vios.NetworkMember, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT m.id, m.network_id, m.user_id, u.name, m.organisation_id, o.name,
		m.position, COALESCE(m.deputy_for, ''), m.function, m.joined_on, m.left_on
		FROM network_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
		WHERE m.network_id = ? ORDER BY o.name, m.position, u.name, m.joined_on`), networkID)
	if err != nil {
		return nil, fmt.Errorf("list network members: %w", err)
	}
	return scanAll(rows, nil, func(s scanner) (vios.NetworkMember, error) {
		var m vios.NetworkMember
		var left sql.NullTime
		if err := s.Scan(&m.ID, &m.NetworkID, &m.UserID, &m.UserName, &m.OrganisationID, &m.OrganisationName,
			&m.Position, &m.DeputyForID, &m.Function, &m.JoinedOn, &left); err != nil {
			return m, err
		}
		m.JoinedOn = day(m.JoinedOn)
		if left.Valid {
			d := day(left.Time)
			m.LeftOn = &d
		}
		return m, nil
	})
}

// day drops the time of a DATE column, as both drivers return it.
func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// ListNetworks returns the networks of a municipality, ordered by name;
// with MemberUserID only those the user is a current member of.
func (db *Networks) ListNetworks(ctx context.Context, f vios.NetworkFilter) ([]*vios.Network, error) {
	query := `SELECT ` + networkColumns + ` FROM networks n WHERE n.municipality_id = ?`
	args := []any{f.MunicipalityID}
	if f.Kind != "" {
		query += ` AND n.kind = ?`
		args = append(args, f.Kind)
	}
	if f.MemberUserID != "" {
		today := vios.Date(db.Now())
		query += ` AND EXISTS (SELECT 1 FROM network_members m WHERE m.network_id = n.id AND m.user_id = ?
			AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?))`
		args = append(args, f.MemberUserID, today, today)
	}
	query += ` ORDER BY n.name, n.id`
	var list []*vios.Network
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(query), args...)
		list, err = scanAll(rows, err, scanNetwork)
		return err
	})
	return list, err
}

// AddNetworkMember adds a member to a network of the municipality. The user
// must hold a role in the municipality and the organisation must be one of
// it; a network has one current fixed member per organisation, one chair
// and one secretary, and a deputy replaces a current fixed member.
func (db *Networks) AddNetworkMember(ctx context.Context, municipalityID string, m *vios.NetworkMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		n, err := tx.networkToManage(ctx, municipalityID, m.NetworkID)
		if err != nil {
			return err
		}
		return tx.insertNetworkMember(ctx, municipalityID, n, m)
	})
}

// AddNetworkMembers adds several members in one transaction, each by the
// rules of AddNetworkMember and against the rows before it: the first row
// that breaks a rule refuses them all, named by its number. A nil row is an
// empty line of the form: skipped, the rows after it keep their numbers.
func (db *Networks) AddNetworkMembers(ctx context.Context, municipalityID, networkID string, list []*vios.NetworkMember) error {
	const problem = "Er is niemand toegevoegd: verbeter de rij en probeer het opnieuw."
	var invalid []error
	rows := 0
	for i, m := range list {
		if m == nil {
			continue
		}
		rows++
		m.NetworkID = networkID
		invalid = append(invalid, inRow(i, m.Validate(), problem))
	}
	if rows == 0 {
		return vios.Invalid("rij1.gebruiker", "Kies ten minste één persoon.", problem)
	}
	if err := vios.JoinInvalid(problem, invalid...); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		n, err := tx.networkToManage(ctx, municipalityID, networkID)
		if err != nil {
			return err
		}
		for i, m := range list {
			if m == nil {
				continue
			}
			if err := tx.insertNetworkMember(ctx, municipalityID, n, m); err != nil {
				return inRow(i, err, problem)
			}
			if n.Members, err = db.networkMembers(ctx, tx, n.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// inRow names the fields of an invalid row of a form of several rows:
// "rij2.organisatie", its message beginning with the row's number.
func inRow(i int, err error, message string) error {
	if vios.ErrorCode(err) != vios.EINVALID {
		return err
	}
	var v vios.Validation
	for _, f := range vios.ErrorFields(err) {
		v.Add(fmt.Sprintf("rij%d.%s", i+1, f.Field), "Rij %d: %s", i+1, f.Message)
	}
	return v.Err(message)
}

// networkToManage loads a network of the municipality with its members,
// for an actor who may manage it.
func (tx *Tx) networkToManage(ctx context.Context, municipalityID, networkID string) (*vios.Network, error) {
	n, err := tx.networkWithMembers(ctx, municipalityID, networkID)
	if err != nil {
		return nil, err
	}
	if err := tx.authorize(ctx, vios.ActionManageNetwork, n.Resource(vios.ActorFromContext(ctx), vios.Date(tx.now)), "netwerk", n.ID); err != nil {
		return nil, err
	}
	return n, nil
}

// networkWithMembers loads a network of the municipality with its members,
// past ones too.
func (tx *Tx) networkWithMembers(ctx context.Context, municipalityID, networkID string) (*vios.Network, error) {
	n, err := scanNetwork(tx.queryRow(ctx, `SELECT `+networkColumns+` FROM networks n WHERE n.id = ? AND n.municipality_id = ?`,
		networkID, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Dit netwerk bestaat niet.")
	}
	if n.Members, err = tx.db.Networks.networkMembers(ctx, tx, n.ID); err != nil {
		return nil, err
	}
	return n, nil
}

// insertNetworkMember adds a validated member to n by the membership
// rules, audited and in the processing log.
func (tx *Tx) insertNetworkMember(ctx context.Context, municipalityID string, n *vios.Network, m *vios.NetworkMember) error {
	m.JoinedOn = vios.Date(m.JoinedOn)
	if err := tx.checkNewMember(ctx, municipalityID, n, m); err != nil {
		return err
	}
	m.ID = uuid.NewString()
	var deputyFor any
	if m.DeputyForID != "" {
		deputyFor = m.DeputyForID
	}
	if err := tx.exec(ctx, `INSERT INTO network_members (id, municipality_id, network_id, user_id, organisation_id,
		position, deputy_for, function, joined_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, municipalityID, m.NetworkID, m.UserID, m.OrganisationID, m.Position, deputyFor, m.Function, m.JoinedOn, tx.now); err != nil {
		return fmt.Errorf("insert network member: %w", err)
	}
	if err := tx.audit(ctx, Audit{Action: "netwerklid-toegevoegd", ObjectType: "netwerk", ObjectID: m.NetworkID,
		MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
		return err
	}
	return tx.process(ctx, "netwerklid-toevoegen", vios.ActivityDirectory, municipalityID, Subject{m.UserID, "gebruiker"})
}

func (tx *Tx) checkNewMember(ctx context.Context, municipalityID string, n *vios.Network, m *vios.NetworkMember) error {
	const problem = "Het lidmaatschap is niet volledig of niet juist."
	var roles int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.user_id = ? AND m.municipality_id = ? AND NOT u.disabled`, m.UserID, municipalityID).Scan(&roles); err != nil {
		return err
	}
	if roles == 0 {
		return vios.Invalid("gebruiker", "Deze persoon heeft geen account in deze gemeente.", problem)
	}
	o := &vios.Organisation{ID: m.OrganisationID}
	if err := tx.queryRow(ctx, `SELECT municipality_id, kind, partner_kind, name FROM organisations WHERE id = ? AND municipality_id = ?`,
		m.OrganisationID, municipalityID).Scan(&o.MunicipalityID, &o.Kind, &o.PartnerKind, &o.Name); err == sql.ErrNoRows {
		return vios.Invalid("organisatie", "Kies een organisatie van deze gemeente.", problem)
	} else if err != nil {
		return err
	}
	// The seat carries the organisation's rights to pupil data (the names
	// it entered, what its clause gives it): only someone who works there
	// takes it (vios.MayRepresent).
	u, err := tx.userRoles(ctx, m.UserID, municipalityID)
	if err != nil {
		return err
	}
	if !vios.MayRepresent(u, municipalityID, o) {
		return vios.Invalid("organisatie", fmt.Sprintf("Deze persoon werkt niet voor %s: iemand zit alleen in een netwerk namens een organisatie waar hij of zij een rol heeft. "+
			"Geef de persoon eerst een rol bij die organisatie (gebruikersbeheer), of kies de eigen organisatie.", o.Name), problem)
	}
	day := m.JoinedOn
	for i := range n.Members {
		other := &n.Members[i]
		if other.LeftOn != nil && !other.LeftOn.After(day) {
			continue // left before this membership starts
		}
		switch {
		case other.UserID == m.UserID && other.Position == m.Position && other.OrganisationID == m.OrganisationID:
			return vios.Invalid("gebruiker", "Deze persoon is al lid van dit netwerk.", problem)
		case m.Position == vios.PositionMember && other.Position == vios.PositionMember && other.OrganisationID == m.OrganisationID:
			return vios.Invalid("organisatie", fmt.Sprintf("%s heeft al een vast lid in dit netwerk (%s). Voeg deze persoon toe als plaatsvervanger, of beëindig eerst het lidmaatschap van het vaste lid.",
				other.OrganisationName, other.UserName), problem)
		case m.Function != "" && other.Function == m.Function:
			return vios.Invalid("functie", fmt.Sprintf("Dit netwerk heeft al een %s: %s.", strings.ToLower(vios.FunctionLabel(m.Function)), other.UserName), problem)
		}
	}
	if m.Position == vios.PositionDeputy {
		var fixed *vios.NetworkMember
		for i := range n.Members {
			if n.Members[i].ID == m.DeputyForID && n.Members[i].Position == vios.PositionMember && n.Members[i].ActiveOn(day) {
				fixed = &n.Members[i]
			}
		}
		if fixed == nil {
			return vios.Invalid("vervangtLid", "Een plaatsvervanger vervangt een huidig vast lid van dit netwerk.", problem)
		}
		if fixed.OrganisationID != m.OrganisationID {
			return vios.Invalid("organisatie", "Een plaatsvervanger komt van dezelfde organisatie als het vaste lid dat hij vervangt.", problem)
		}
	}
	return nil
}

// EndNetworkMembership dates the end of a membership and of the deputies of
// a fixed member; the history stays.
func (db *Networks) EndNetworkMembership(ctx context.Context, municipalityID, networkID, memberID string, on time.Time) error {
	on = vios.Date(on)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var joined time.Time
		var left sql.NullTime
		var userID string
		if err := tx.queryRow(ctx, `SELECT joined_on, left_on, user_id FROM network_members WHERE id = ? AND network_id = ? AND municipality_id = ?`,
			memberID, networkID, municipalityID).Scan(&joined, &left, &userID); err != nil {
			return errNoRows(err, "Dit lidmaatschap bestaat niet.")
		}
		if err := tx.authorizeInNetwork(ctx, vios.ActionManageNetwork, municipalityID, networkID, "netwerk", networkID); err != nil {
			return err
		}
		if left.Valid {
			return vios.Errorf(vios.ECONFLICT, "Dit lidmaatschap is al beëindigd.")
		}
		if on.Before(day(joined)) {
			return vios.Invalid("lidTot", "Het lidmaatschap kan niet eindigen voordat het begon.", "De einddatum is niet juist.")
		}
		if err := tx.exec(ctx, `UPDATE network_members SET left_on = ? WHERE (id = ? OR deputy_for = ?) AND left_on IS NULL AND municipality_id = ?`,
			on, memberID, memberID, municipalityID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "netwerklid-beeindigd", ObjectType: "netwerk", ObjectID: networkID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return err
		}
		return tx.process(ctx, "netwerklid-beeindigen", vios.ActivityDirectory, municipalityID, Subject{userID, "gebruiker"})
	})
}

// userRoles returns the user with their roles in the municipality (role and
// organisation only), read within tx.
func (tx *Tx) userRoles(ctx context.Context, userID, municipalityID string) (*vios.User, error) {
	u := &vios.User{ID: userID}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT m.role, COALESCE(m.organisation_id, ''), u.disabled FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.user_id = ? AND m.municipality_id = ?`), userID, municipalityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		ms := vios.Membership{UserID: userID, MunicipalityID: municipalityID}
		if err := rows.Scan(&ms.Role, &ms.OrganisationID, &u.Disabled); err != nil {
			return nil, err
		}
		u.Memberships = append(u.Memberships, ms)
	}
	return u, rows.Err()
}

// endUnrepresentedSeats ends, as of today, the current network memberships
// of the user in the municipality that are held for an organisation the
// user may no longer represent (vios.MayRepresent) — after a role at that
// organisation was taken away — and the deputies of those fixed members.
// It returns how many memberships ended.
func (tx *Tx) endUnrepresentedSeats(ctx context.Context, userID, municipalityID string) (int, error) {
	u, err := tx.userRoles(ctx, userID, municipalityID)
	if err != nil {
		return 0, err
	}
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT nm.id, nm.network_id, o.id, o.municipality_id, o.kind, o.partner_kind
		FROM network_members nm JOIN organisations o ON o.id = nm.organisation_id
		WHERE nm.user_id = ? AND nm.municipality_id = ? AND (nm.left_on IS NULL OR nm.left_on > ?)`), userID, municipalityID, today)
	type seat struct {
		id, network string
		org         vios.Organisation
	}
	seats, err := scanAll(rows, err, func(sc scanner) (seat, error) {
		var s seat
		return s, sc.Scan(&s.id, &s.network, &s.org.ID, &s.org.MunicipalityID, &s.org.Kind, &s.org.PartnerKind)
	})
	if err != nil {
		return 0, err
	}
	ended := 0
	for _, s := range seats {
		if vios.MayRepresent(u, municipalityID, &s.org) {
			continue
		}
		// A membership that has not started yet ends the day it would start.
		if err := tx.exec(ctx, `UPDATE network_members SET left_on = CASE WHEN joined_on > ? THEN joined_on ELSE ? END
			WHERE (id = ? OR deputy_for = ?) AND (left_on IS NULL OR left_on > ?) AND municipality_id = ?`,
			today, today, s.id, s.id, today, municipalityID); err != nil {
			return 0, err
		}
		if err := tx.audit(ctx, Audit{Action: "netwerklid-beeindigd", ObjectType: "netwerk", ObjectID: s.network,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return 0, err
		}
		ended++
	}
	return ended, nil
}
