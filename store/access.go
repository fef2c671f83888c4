package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// networkAccess is what the store needs to decide, per record of one
// network, what the actor sees of its pupils (vios.AccessOf): the network
// with its members, the sharing under its clause today, and the actor's
// organisation in it.
type networkAccess struct {
	network      *vios.Network
	sharing      vios.Sharing
	actorOrgID   string
	actorOrgKind string
}

// of returns what the actor sees of a record the organisation reported.
func (na *networkAccess) of(ctx context.Context, reporterOrgID string, day time.Time) vios.PupilAccess {
	return vios.AccessOf(vios.ActorFromContext(ctx), na.network, na.sharing, reporterOrgID, na.actorOrgID, na.actorOrgKind, day)
}

// accessCache keeps the networkAccess of the networks a transaction
// already looked up: a list of 50 signals of one network reads it once.
type accessCache map[string]*networkAccess

// networkAccess loads the network, its clause and covenant and the actor's
// organisation within tx (behind the tenant already set).
func (tx *Tx) networkAccess(ctx context.Context, cache accessCache, municipalityID, networkID string) (*networkAccess, error) {
	if na, ok := cache[networkID]; ok {
		return na, nil
	}
	n, err := tx.networkWithMembers(ctx, municipalityID, networkID)
	if err != nil {
		return nil, err
	}
	if n.SchoolIDs, err = tx.db.Networks.networkSchools(ctx, tx, n.ID); err != nil {
		return nil, err
	}
	na := &networkAccess{network: n}
	if n.ClauseID != "" {
		var covenantID string
		err := tx.queryRow(ctx, `SELECT covenant_id FROM sharing_clauses WHERE id = ? AND municipality_id = ?`, n.ClauseID, municipalityID).Scan(&covenantID)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
		if err == nil {
			c, err := scanCovenant(tx.queryRow(ctx, `SELECT `+covenantColumns+` FROM covenants WHERE id = ? AND municipality_id = ?`, covenantID, municipalityID))
			if err != nil {
				return nil, fmt.Errorf("covenant of clause: %w", err)
			}
			if c.Parties, err = tx.db.Covenants.covenantParties(ctx, tx, c.ID); err != nil {
				return nil, err
			}
			if c.Clauses, err = tx.db.Covenants.covenantClauses(ctx, tx, c.ID); err != nil {
				return nil, err
			}
			na.sharing = vios.SharingOf(c, n.ClauseID, vios.Date(tx.now))
		}
	}
	if na.sharing.Reason == "" {
		na.sharing = vios.SharingOf(nil, "", vios.Date(tx.now))
	}
	if err := tx.regionalSharing(ctx, na); err != nil {
		return nil, err
	}
	if actor := vios.ActorFromContext(ctx); actor != nil && actor.User != nil {
		if na.actorOrgID, na.actorOrgKind, err = tx.actorOrganisation(ctx, actor, n); err != nil {
			return nil, err
		}
	}
	if cache != nil {
		cache[networkID] = na
	}
	return na, nil
}

// actorOrganisation returns the organisation the actor acts for in the
// network today and its recipient kind, or "" for none: the first of
// actorOrganisations the actor may represent. A seat held for an
// organisation the person no longer (or never) works for carries nothing of
// it: not its names, not its clause — checked here on every read, whatever
// the membership says.
func (tx *Tx) actorOrganisation(ctx context.Context, actor *vios.Actor, n *vios.Network) (string, string, error) {
	for _, orgID := range actorOrganisations(actor, n, vios.Date(tx.now)) {
		o := &vios.Organisation{ID: orgID}
		err := tx.queryRow(ctx, `SELECT municipality_id, kind, partner_kind FROM organisations WHERE id = ?`, orgID).
			Scan(&o.MunicipalityID, &o.Kind, &o.PartnerKind)
		if err != nil && err != sql.ErrNoRows {
			return "", "", err
		}
		if err == nil && vios.MayRepresent(actor.User, n.MunicipalityID, o) {
			return orgID, vios.RecipientKindOf(o), nil
		}
	}
	return "", "", nil
}

// actorOrganisations are the organisations the actor may act for in the
// network, in order: those of their current memberships, then those of
// their roles in the municipality (the regisseur's team). The caller takes
// the first the actor may represent (vios.MayRepresent).
func actorOrganisations(a *vios.Actor, n *vios.Network, d time.Time) []string {
	var list []string
	for _, m := range n.Members {
		if m.UserID == a.User.ID && m.ActiveOn(d) {
			list = append(list, m.OrganisationID)
		}
	}
	for _, m := range a.User.Memberships {
		if m.MunicipalityID == n.MunicipalityID && m.OrganisationID != "" {
			list = append(list, m.OrganisationID)
		}
	}
	return list
}

// readPupil reads a pupil as access allows: the name, date of birth and
// class only for AccessNamed, the pseudonym (code and initials) otherwise.
// Nothing is decrypted that is not shown.
func (tx *Tx) readPupil(ctx context.Context, municipalityID, id string, access vios.PupilAccess) (vios.Pupil, error) {
	p := vios.Pupil{ID: id, MunicipalityID: municipalityID}
	var name, birth, class, initials string
	var pseudonymised sql.NullTime
	err := tx.queryRow(ctx, `SELECT p.school_id, o.name, p.code, p.name_sealed, p.birth_sealed, p.class_sealed, p.initials_sealed,
		COALESCE(p.source_org_id, ''), p.pseudonymised_at, p.created_at, p.updated_at FROM pupils p JOIN organisations o ON o.id = p.school_id
		WHERE p.id = ? AND p.municipality_id = ?`, id, municipalityID).Scan(&p.SchoolID, &p.SchoolName, &p.Code, &name, &birth,
		&class, &initials, &p.SourceOrgID, &pseudonymised, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, errNoRows(err, "Deze leerling bestaat niet.")
	}
	p.PseudonymisedAt = timePtr(pseudonymised)
	return p, tx.db.Casework.openPupil(&p, access, name, birth, class, initials)
}

// openPupil fills the fields of p that access shows, from sealed values.
func (db *Casework) openPupil(p *vios.Pupil, access vios.PupilAccess, name, birth, class, initials string) error {
	var err error
	if p.Initials, err = db.open(p.MunicipalityID, "pupils", p.ID, "initials_sealed", initials); err != nil {
		return err
	}
	if !access.NamedFor(p.SchoolID) || name == "" {
		return nil
	}
	p.Named = true
	if p.Name, err = db.open(p.MunicipalityID, "pupils", p.ID, "name_sealed", name); err != nil {
		return err
	}
	if p.BirthDate, err = db.open(p.MunicipalityID, "pupils", p.ID, "birth_sealed", birth); err != nil {
		return err
	}
	p.Class, err = db.open(p.MunicipalityID, "pupils", p.ID, "class_sealed", class)
	return err
}

// recordPupilsShown writes one processing record per pupil shown (by its
// pseudonymous id, never the name) and the audit record beside them.
func (tx *Tx) recordPupilsShown(ctx context.Context, name, municipalityID string, pupilIDs ...string) error {
	subjects := make([]Subject, 0, len(pupilIDs))
	seen := map[string]bool{}
	for _, id := range pupilIDs {
		if !seen[id] {
			seen[id] = true
			subjects = append(subjects, Subject{ID: id, Type: "leerling"})
		}
	}
	return tx.process(ctx, name, vios.ActivityCasework, municipalityID, subjects...)
}

// nextCode returns the next short reference of the municipality for the
// prefix and year: "S-2026-0042". Codes carry no personal data.
func (tx *Tx) nextCode(ctx context.Context, municipalityID, prefix string) (string, error) {
	year := vios.Date(tx.now).Year()
	if err := tx.exec(ctx, `INSERT INTO code_counters (municipality_id, prefix, year, last) VALUES (?, ?, ?, 0)
		ON CONFLICT (municipality_id, prefix, year) DO NOTHING`, municipalityID, prefix, year); err != nil {
		return "", err
	}
	var last int
	if err := tx.queryRow(ctx, `UPDATE code_counters SET last = last + 1 WHERE municipality_id = ? AND prefix = ? AND year = ?
		RETURNING last`, municipalityID, prefix, year).Scan(&last); err != nil {
		return "", fmt.Errorf("next code: %w", err)
	}
	return fmt.Sprintf("%s-%d-%04d", prefix, year, last), nil
}

// placeFilter narrows a list of casework to the networks in which the
// actor has a place today (column is the list's network column); "" for
// the regisseur, who directs all of the municipality.
//
// It is a check per row, not a join: the list walks its own index in page
// order and stops at the page's end, whatever the statistics of the tables
// say. As an IN or a plain EXISTS, PostgreSQL turns it into a semi-join
// whose size it guesses from the membership tables' statistics; with none
// (a few rows never analysed) it guessed a handful of rows, scanned every
// signal and sorted them for one page. OFFSET 0 keeps the subquery from
// being pulled up into such a join; the lookup runs on
// network_members_place (user_id, network_id).
func placeFilter(actor *vios.Actor, municipalityID, column string, today time.Time) (string, []any) {
	if actor.HasRole(vios.RoleRegisseur, municipalityID) {
		return "", nil
	}
	return `EXISTS (SELECT 1 FROM network_members place WHERE place.user_id = ? AND place.network_id = ` + column + `
		AND place.municipality_id = ? AND place.joined_on <= ? AND (place.left_on IS NULL OR place.left_on > ?) LIMIT 1 OFFSET 0)`,
		[]any{actor.User.ID, municipalityID, today, today}
}

// placeSetFilter is placeFilter for a read of the whole set rather than a
// page (the search looks through every signal the actor may see): there
// the membership is best read once, as a set to join against, not checked
// again for every row.
func placeSetFilter(actor *vios.Actor, municipalityID, column string, today time.Time) (string, []any) {
	if actor.HasRole(vios.RoleRegisseur, municipalityID) {
		return "", nil
	}
	return column + ` IN (SELECT network_id FROM network_members WHERE user_id = ? AND municipality_id = ?
		AND joined_on <= ? AND (left_on IS NULL OR left_on > ?))`, []any{actor.User.ID, municipalityID, today, today}
}
