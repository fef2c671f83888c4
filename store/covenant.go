package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// CreateCovenant stores a new covenant (version 1) of the municipality.
func (db *Covenants) CreateCovenant(ctx context.Context, c *vios.Covenant) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditCovenant, vios.Resource{MunicipalityID: c.MunicipalityID}, "convenant", ""); err != nil {
			return err
		}
		c.ID = uuid.NewString()
		c.Version = 1
		c.CreatedAt = tx.now.Truncate(time.Microsecond)
		c.UpdatedAt = c.CreatedAt
		if err := tx.exec(ctx, `INSERT INTO covenants (id, municipality_id, title, goals, starts_on, ends_on, evaluate_on, ended_on,
			shareable, based_on, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.MunicipalityID, c.Title, c.Goals, vios.Date(c.StartsOn), vios.Date(c.EndsOn), vios.Date(c.EvaluateOn),
			datePtr(c.EndedOn), c.Shareable, c.BasedOn, c.Version, c.CreatedAt, c.UpdatedAt); err != nil {
			return fmt.Errorf("insert covenant: %w", err)
		}
		if err := tx.saveCovenantDetails(ctx, c); err != nil {
			return err
		}
		if err := tx.covenantVersion(ctx, c, "Eerste versie"+basedOnNote(c)); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "convenant-aangemaakt", ObjectType: "convenant", ObjectID: c.ID, MunicipalityID: c.MunicipalityID})
	})
}

func basedOnNote(c *vios.Covenant) string {
	if c.BasedOn == "" {
		return ""
	}
	return ", gebaseerd op " + c.BasedOn
}

func datePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return vios.Date(*t)
}

// UpdateCovenant saves a new version of the covenant if it is unchanged
// since basedOn; summary says what changed. Clauses keep their ids, so the
// networks linked to them stay linked; a clause a network relies on cannot
// be removed.
func (db *Covenants) UpdateCovenant(ctx context.Context, c *vios.Covenant, summary string, basedOn time.Time) error {
	if err := c.Validate(); err != nil {
		return err
	}
	summary = strings.TrimSpace(summary)
	if summary == "" {
		return vios.Invalid("wijziging", "Beschrijf kort wat er in deze versie verandert.", "Het convenant is niet opgeslagen.")
	}
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		var current time.Time
		var version int
		if err := tx.queryRow(ctx, `SELECT updated_at, version FROM covenants WHERE id = ? AND municipality_id = ?`, c.ID, c.MunicipalityID).
			Scan(&current, &version); err != nil {
			return errNoRows(err, "Dit convenant bestaat niet.")
		}
		if err := tx.authorize(ctx, vios.ActionEditCovenant, vios.Resource{MunicipalityID: c.MunicipalityID}, "convenant", c.ID); err != nil {
			return err
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft het convenant intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; laad de pagina opnieuw.")
		}
		c.Version = version + 1
		c.UpdatedAt = tx.now.Truncate(time.Microsecond)
		if !c.UpdatedAt.After(current) {
			c.UpdatedAt = current.Add(time.Microsecond)
		}
		if err := tx.exec(ctx, `UPDATE covenants SET title = ?, goals = ?, starts_on = ?, ends_on = ?, evaluate_on = ?, ended_on = ?,
			shareable = ?, version = ?, updated_at = ? WHERE id = ? AND municipality_id = ?`, c.Title, c.Goals, vios.Date(c.StartsOn), vios.Date(c.EndsOn),
			vios.Date(c.EvaluateOn), datePtr(c.EndedOn), c.Shareable, c.Version, c.UpdatedAt, c.ID, c.MunicipalityID); err != nil {
			return fmt.Errorf("update covenant: %w", err)
		}
		if err := tx.saveCovenantDetails(ctx, c); err != nil {
			return err
		}
		if err := tx.covenantVersion(ctx, c, summary); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "convenant-gewijzigd", ObjectType: "convenant", ObjectID: c.ID, MunicipalityID: c.MunicipalityID})
	})
}

// covenantVersion keeps the covenant as it is now, with what changed.
func (tx *Tx) covenantVersion(ctx context.Context, c *vios.Covenant, summary string) error {
	snapshot, err := json.Marshal(c)
	if err != nil {
		return err
	}
	by := ""
	if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
		by = a.User.ID
	}
	return tx.exec(ctx, `INSERT INTO covenant_versions (covenant_id, municipality_id, version, summary, snapshot, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, c.MunicipalityID, c.Version, summary, string(snapshot), by, tx.now)
}

// saveCovenantDetails replaces parties, agreements and protocol, and saves
// the clauses by id.
func (tx *Tx) saveCovenantDetails(ctx context.Context, c *vios.Covenant) error {
	// A party keeps its id while its organisation stays a party; an id of
	// another covenant is never taken over. What it was decides what the
	// editor's save makes of its signature (vios.CovenantParty.SettleRecording).
	stored, err := tx.db.Covenants.covenantParties(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	current := map[string]*vios.CovenantParty{}
	for i := range stored {
		current[stored[i].ID] = &stored[i]
	}
	for _, table := range []string{"covenant_parties", "covenant_agreements", "covenant_protocol"} {
		if err := tx.exec(ctx, `DELETE FROM `+table+` WHERE covenant_id = ?`, c.ID); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i := range c.Parties {
		p := &c.Parties[i]
		if seen[p.OrganisationID] {
			return vios.Invalid("partijen", "Elke organisatie is één keer partij.", "Het convenant is niet volledig of niet juist.")
		}
		seen[p.OrganisationID] = true
		if err := tx.checkOrganisation(ctx, c.MunicipalityID, p.OrganisationID); err != nil {
			return err
		}
		was := current[p.ID]
		if was == nil || was.OrganisationID != p.OrganisationID {
			p.ID, was = uuid.NewString(), nil
		}
		delete(current, p.ID) // an id used twice in one save gets a new one
		if err := tx.saveParty(ctx, c, i, p, was); err != nil {
			return err
		}
	}
	for i := range c.Agreements {
		a := &c.Agreements[i]
		var network any
		if a.NetworkID != "" {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM networks WHERE id = ? AND municipality_id = ?`, a.NetworkID, c.MunicipalityID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Invalid("werkafspraken", "Kies een netwerk van deze gemeente.", "Het convenant is niet volledig of niet juist.")
			}
			network = a.NetworkID
		}
		a.ID = uuid.NewString()
		if err := tx.exec(ctx, `INSERT INTO covenant_agreements (id, municipality_id, covenant_id, position, network_id, description,
			times_per_year, chair, participants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, c.MunicipalityID, c.ID, i, network, a.Description, a.TimesPerYear, a.Chair, a.Participants); err != nil {
			return err
		}
	}
	for i, s := range c.Protocol {
		if err := tx.exec(ctx, `INSERT INTO covenant_protocol (covenant_id, municipality_id, position, incident, steps) VALUES (?, ?, ?, ?, ?)`,
			c.ID, c.MunicipalityID, i, s.Incident, s.Steps); err != nil {
			return err
		}
	}
	return tx.saveClauses(ctx, c)
}

// recipientKinds returns the recipient kind (vios.RecipientKindOf) of
// every organisation of the municipality, by id.
func (tx *Tx) recipientKinds(ctx context.Context, municipalityID string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, kind, partner_kind FROM organisations WHERE municipality_id = ?`), municipalityID)
	list, err := scanAll(rows, err, func(sc scanner) (vios.Organisation, error) {
		var o vios.Organisation
		return o, sc.Scan(&o.ID, &o.Kind, &o.PartnerKind)
	})
	kinds := map[string]string{}
	for i := range list {
		kinds[list[i].ID] = vios.RecipientKindOf(&list[i])
	}
	return kinds, err
}

func (tx *Tx) checkOrganisation(ctx context.Context, municipalityID, id string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ?`, id, municipalityID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return vios.Invalid("partijen", "Kies organisaties van deze gemeente.", "Het convenant is niet volledig of niet juist.")
	}
	return nil
}

func (tx *Tx) saveClauses(ctx context.Context, c *vios.Covenant) error {
	var errs []error
	for i := range c.Clauses {
		errs = append(errs, c.Clauses[i].Validate())
	}
	if err := vios.JoinInvalid("De afspraak over gegevensdeling is niet volledig of niet juist.", errs...); err != nil {
		return err
	}
	// A clause names as recipients only parties of this covenant, by
	// their own kind: never an organisation that did not sign it.
	kinds, err := tx.recipientKinds(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	for i := range c.Clauses {
		errs = append(errs, c.CheckRecipients(&c.Clauses[i], func(id string) string { return kinds[id] }))
	}
	if err := vios.JoinInvalid("De afspraak over gegevensdeling is niet volledig of niet juist.", errs...); err != nil {
		return err
	}
	keep := map[string]bool{}
	for i := range c.Clauses {
		s := &c.Clauses[i]
		s.CovenantID = c.ID
		recipients, err := json.Marshal(s.Recipients)
		if err != nil {
			return err
		}
		transferTo, err := tx.transferMunicipalities(ctx, c.MunicipalityID, s)
		if err != nil {
			return err
		}
		borderTo, err := tx.borderMunicipalities(ctx, c.MunicipalityID, s)
		if err != nil {
			return err
		}
		exists := false
		if s.ID != "" {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM sharing_clauses WHERE id = ? AND covenant_id = ?`, s.ID, c.ID).Scan(&n); err != nil {
				return err
			}
			exists = n > 0
		}
		if exists {
			err = tx.exec(ctx, `UPDATE sharing_clauses SET position = ?, purpose = ?, legal_basis = ?, article10 = ?, article10_ground = ?,
				named = ?, recipients = ?, retention_signals = ?, retention_cases = ?, retention_minutes = ?, across_schools = ?,
				transfer = ?, transfer_municipalities = ?, border_municipalities = ? WHERE id = ?`,
				i, s.Purpose, s.LegalBasis, s.Article10, s.Article10Ground, s.Named, string(recipients), s.RetentionSignals,
				s.RetentionCases, s.RetentionMinutes, s.AcrossSchools, s.Transfer, transferTo, borderTo, s.ID)
		} else {
			s.ID = uuid.NewString()
			err = tx.exec(ctx, `INSERT INTO sharing_clauses (id, municipality_id, covenant_id, position, purpose, legal_basis, article10,
				article10_ground, named, recipients, retention_signals, retention_cases, retention_minutes, across_schools, transfer,
				transfer_municipalities, border_municipalities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, c.MunicipalityID,
				c.ID, i, s.Purpose, s.LegalBasis, s.Article10, s.Article10Ground, s.Named, string(recipients), s.RetentionSignals,
				s.RetentionCases, s.RetentionMinutes, s.AcrossSchools, s.Transfer, transferTo, borderTo)
		}
		if err != nil {
			return fmt.Errorf("save clause: %w", err)
		}
		if keep[s.ID] {
			return vios.Invalid("deelafspraken", "Elke afspraak over gegevensdeling komt één keer voor.", "Het convenant is niet opgeslagen.")
		}
		keep[s.ID] = true
		if err := tx.exec(ctx, `DELETE FROM clause_activities WHERE clause_id = ?`, s.ID); err != nil {
			return err
		}
		linked := map[string]bool{}
		for _, a := range s.ActivityIDs {
			if linked[a] {
				continue
			}
			linked[a] = true
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM processing_activities WHERE id = ? AND (municipality_id IS NULL OR municipality_id = ?)`,
				a, c.MunicipalityID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Invalid("verwerkingsactiviteiten", "Kies verwerkingsactiviteiten uit het register.", "De afspraak over gegevensdeling is niet volledig of niet juist.")
			}
			if err := tx.exec(ctx, `INSERT INTO clause_activities (clause_id, activity_id, municipality_id) VALUES (?, ?, ?)`, s.ID, a, c.MunicipalityID); err != nil {
				return err
			}
		}
	}
	// Clauses left out are removed, unless a network relies on one.
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT s.id, COALESCE(MIN(n.name), '') FROM sharing_clauses s
		LEFT JOIN networks n ON n.clause_id = s.id WHERE s.covenant_id = ? GROUP BY s.id`), c.ID)
	if err != nil {
		return err
	}
	var drop []string
	for rows.Next() {
		var id, network string
		if err := rows.Scan(&id, &network); err != nil {
			rows.Close()
			return err
		}
		if keep[id] {
			continue
		}
		if network != "" {
			rows.Close()
			return vios.Invalid("deelafspraken", fmt.Sprintf("Netwerk %s is gekoppeld aan een afspraak over gegevensdeling die u weghaalt; koppel het eerst aan een andere.", network),
				"Het convenant is niet opgeslagen.")
		}
		drop = append(drop, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range drop {
		if err := tx.exec(ctx, `DELETE FROM sharing_clauses WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// LinkNetworkClause links a network to the clause that governs it, or
// unlinks it (clauseID ""). A clause of a covenant that has expired or
// ended cannot be linked.
func (db *Covenants) LinkNetworkClause(ctx context.Context, municipalityID, networkID, clauseID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var clause any
		if clauseID != "" {
			c, err := scanCovenant(tx.queryRow(ctx, `SELECT `+prefixed("c", covenantColumns)+` FROM covenants c
				JOIN sharing_clauses s ON s.covenant_id = c.id WHERE s.id = ? AND s.municipality_id = ?`, clauseID, municipalityID))
			if err != nil {
				return errNoRows(err, "Deze afspraak over gegevensdeling bestaat niet.")
			}
			if c.Parties, err = tx.db.Covenants.covenantParties(ctx, tx, c.ID); err != nil {
				return err
			}
			if s := c.Status(tx.now); s == vios.CovenantExpired || s == vios.CovenantEnded {
				return vios.Invalid("deelafspraak", "Het convenant '"+c.Title+"' is "+strings.ToLower(vios.CovenantStatusLabel(s))+
					"; een netwerk kan er niet (meer) aan worden gekoppeld.", "Het netwerk is niet gekoppeld.")
			}
			clause = clauseID
		}
		if err := tx.authorize(ctx, vios.ActionEditCovenant, vios.Resource{MunicipalityID: municipalityID}, "netwerk", networkID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE networks SET clause_id = ? WHERE id = ? AND municipality_id = ?`), clause, networkID, municipalityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit netwerk bestaat niet.")
		}
		return tx.audit(ctx, Audit{Action: "netwerk-deelafspraak-gekoppeld", ObjectType: "netwerk", ObjectID: networkID, MunicipalityID: municipalityID})
	})
}
