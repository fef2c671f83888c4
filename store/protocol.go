package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Protocols keeps the incident protocols of schools (and the
// municipality's defaults), their evaluations after incidents and the
// legal checklist per school. Every row is keyed by municipality and
// school, not by a plan, so a safety plan can take them in.
type Protocols struct{ *DB }

// storedStep is a step as stored: the contact by id only.
type storedStep struct {
	Who       string `json:"who"`
	Action    string `json:"action"`
	Call      string `json:"call,omitempty"`
	ContactID string `json:"contactId,omitempty"`
}

// protocolResource is the authorization resource of a school's protocol:
// the organisations that work with the school in a network today.
func (tx *Tx) protocolResource(ctx context.Context, municipalityID, schoolID string) (vios.Resource, error) {
	res := vios.Resource{MunicipalityID: municipalityID, SchoolID: schoolID}
	if schoolID == "" {
		return res, nil
	}
	day := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT other.organisation_id FROM network_members own
		JOIN network_members other ON other.network_id = own.network_id AND other.municipality_id = own.municipality_id
		WHERE own.municipality_id = ? AND own.organisation_id = ?
		AND (own.left_on IS NULL OR own.left_on > ?) AND (other.left_on IS NULL OR other.left_on > ?)`),
		municipalityID, schoolID, day, day)
	res.SchoolPartners, err = scanStrings(rows, err)
	return res, err
}

// readProtocol reads one protocol of the municipality, without contacts.
func (tx *Tx) readProtocol(ctx context.Context, municipalityID, id string) (*vios.IncidentProtocol, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit incidentprotocol bestaat niet.")
	}
	p := &vios.IncidentProtocol{MunicipalityID: municipalityID}
	var steps string
	err := tx.queryRow(ctx, `SELECT ip.id, ip.school_id, COALESCE(o.name, ''), ip.phenomenon, COALESCE(ph.label, ip.phenomenon),
		ip.steps, ip.updated_at FROM incident_protocols ip
		LEFT JOIN organisations o ON o.id = ip.school_id AND o.municipality_id = ip.municipality_id
		LEFT JOIN phenomena ph ON ph.code = ip.phenomenon AND (ph.municipality_id IS NULL OR ph.municipality_id = ip.municipality_id)
		WHERE ip.municipality_id = ? AND ip.id = ?`, municipalityID, id).
		Scan(&p.ID, &p.SchoolID, &p.SchoolName, &p.Phenomenon, &p.PhenomenonName, &steps, &p.UpdatedAt)
	if err != nil {
		return nil, errNoRows(err, "Dit incidentprotocol bestaat niet.")
	}
	var stored []storedStep
	if err := json.Unmarshal([]byte(steps), &stored); err != nil {
		return nil, err
	}
	for _, s := range stored {
		p.Steps = append(p.Steps, vios.IncidentStep{Who: s.Who, Action: s.Action, Call: s.Call, ContactID: s.ContactID})
	}
	return p, nil
}

// callMatches reports whether a directory entry is whom a call goes to.
func callMatches(call string, e *vios.DirectoryEntry) bool {
	f := strings.ToLower(e.Function)
	switch call {
	case vios.CallWijkagent:
		return strings.Contains(f, "wijkagent")
	case vios.CallBoa:
		return strings.Contains(f, "boa")
	case vios.CallVeiligThuis:
		return e.Organisation.PartnerKind == "veilig_thuis"
	}
	return false
}

// specificity ranks a contact for a school: its own first (0), then the
// neighbourhood's (1), then the whole municipality's (2).
func specificity(e *vios.DirectoryEntry, schoolID string) int {
	switch {
	case e.ForSchoolID == schoolID:
		return 0
	case e.Neighbourhood != "":
		return 1
	}
	return 2
}

// resolveContacts fills each step's contact from the sociale kaart as it is
// now, and a problem where there is none; the people shown are recorded as
// read.
func (tx *Tx) resolveContacts(ctx context.Context, p *vios.IncidentProtocol) error {
	var pinned []any
	for _, s := range p.Steps {
		if s.ContactID != "" {
			pinned = append(pinned, s.ContactID)
		}
	}
	byID := map[string]*vios.DirectoryEntry{}
	if len(pinned) > 0 {
		found, err := tx.directoryRows(ctx, p.MunicipalityID, `p.municipality_id = ? AND p.id IN (?`+strings.Repeat(", ?", len(pinned)-1)+`)`,
			append([]any{p.MunicipalityID}, pinned...)...)
		if err != nil {
			return err
		}
		for _, e := range found {
			byID[e.ID] = e
		}
	}
	var school []*vios.DirectoryEntry
	if p.SchoolID != "" {
		where, args, err := tx.schoolDirectory(ctx, p.MunicipalityID, p.SchoolID)
		if err != nil {
			return err
		}
		if school, err = tx.directoryRows(ctx, p.MunicipalityID, `p.municipality_id = ?`+where, append([]any{p.MunicipalityID}, args...)...); err != nil {
			return err
		}
	}
	var subjects []Subject
	for i := range p.Steps {
		s := &p.Steps[i]
		switch {
		case s.ContactID != "":
			if s.Contact = byID[s.ContactID]; s.Contact == nil {
				s.Problem = "de gekozen contactpersoon staat niet meer op de sociale kaart. Kies een andere contactpersoon."
			}
		case s.Call != "" && s.Call != vios.Call112 && p.SchoolID != "":
			// The most specific contact: the school's own, then the
			// neighbourhood's, then the municipality's.
			best := 3
			for _, e := range school {
				if rank := specificity(e, p.SchoolID); callMatches(s.Call, e) && rank < best {
					s.Contact, best = e, rank
				}
			}
			if s.Contact == nil {
				s.Problem = "de sociale kaart noemt niemand voor '" + vios.CallTargetLabel(s.Call) + "' bij deze school. Vul de sociale kaart aan of kies een contactpersoon."
			}
		}
		if s.Contact != nil {
			subjects = append(subjects, Subject{s.Contact.ID, "persoon"})
		}
	}
	if len(subjects) == 0 {
		return nil
	}
	return tx.process(ctx, "incidentprotocol-bekijken", vios.ActivityDirectory, p.MunicipalityID, subjects...)
}

// FindProtocol returns a protocol with its contacts read now and its
// evaluations, newest first.
func (db *Protocols) FindProtocol(ctx context.Context, municipalityID, id string) (*vios.IncidentProtocol, error) {
	var p *vios.IncidentProtocol
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		p, err = tx.protocolAsSeen(ctx, municipalityID, id)
		return err
	})
	return p, err
}

// protocolAsSeen reads a protocol the actor may read, whole.
func (tx *Tx) protocolAsSeen(ctx context.Context, municipalityID, id string) (*vios.IncidentProtocol, error) {
	p, err := tx.readProtocol(ctx, municipalityID, id)
	if err != nil {
		return nil, err
	}
	res, err := tx.protocolResource(ctx, municipalityID, p.SchoolID)
	if err != nil {
		return nil, err
	}
	if err := tx.authorize(ctx, vios.ActionViewProtocol, res, "incidentprotocol", p.ID); err != nil {
		return nil, err
	}
	if err := tx.resolveContacts(ctx, p); err != nil {
		return nil, err
	}
	// The evaluations tell of incidents and what went wrong: for who keeps
	// the protocol (the school), not for every partner who reads it.
	if vios.Authorize(vios.ActorFromContext(ctx), vios.ActionEditProtocol, res) == nil {
		p.Evaluations, err = tx.protocolEvaluations(ctx, municipalityID, p.ID)
	}
	return p, err
}

// ProtocolFor returns the school's protocol for the phenomenon, or else the
// municipality's default.
func (db *Protocols) ProtocolFor(ctx context.Context, municipalityID, schoolID, phenomenon string) (*vios.IncidentProtocol, error) {
	var p *vios.IncidentProtocol
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var id string
		err := tx.queryRow(ctx, `SELECT id FROM incident_protocols WHERE municipality_id = ? AND phenomenon = ?
			AND (school_id = ? OR school_id = '') ORDER BY school_id DESC LIMIT 1`, municipalityID, phenomenon, schoolID).Scan(&id)
		if err != nil {
			return errNoRows(err, "Er is geen incidentprotocol voor dit fenomeen.")
		}
		p, err = tx.protocolAsSeen(ctx, municipalityID, id)
		return err
	})
	return p, err
}

// ListProtocols returns the protocols the actor may read: the defaults
// first, then per school; schoolID narrows to one school (and the defaults).
func (db *Protocols) ListProtocols(ctx context.Context, municipalityID, schoolID string) ([]*vios.IncidentProtocol, error) {
	var list []*vios.IncidentProtocol
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		where, args := ``, []any{municipalityID}
		if schoolID != "" {
			where, args = ` AND ip.school_id IN ('', ?)`, append(args, schoolID)
		}
		ids, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT ip.id FROM incident_protocols ip
			LEFT JOIN organisations o ON o.id = ip.school_id AND o.municipality_id = ip.municipality_id
			WHERE ip.municipality_id = ?`+where+` ORDER BY ip.school_id <> '', o.name, ip.phenomenon`), args...))
		if err != nil {
			return err
		}
		resources := map[string]vios.Resource{}
		for _, id := range ids {
			p, err := tx.readProtocol(ctx, municipalityID, id)
			if err != nil {
				return err
			}
			res, ok := resources[p.SchoolID]
			if !ok {
				if res, err = tx.protocolResource(ctx, municipalityID, p.SchoolID); err != nil {
					return err
				}
				resources[p.SchoolID] = res
			}
			if may(ctx, vios.ActionViewProtocol, res) {
				list = append(list, p)
			}
		}
		return nil
	})
	return list, err
}

// SaveProtocol creates a protocol (ID "") or replaces its steps. A step's
// contact must be on the municipality's sociale kaart now.
func (db *Protocols) SaveProtocol(ctx context.Context, p *vios.IncidentProtocol) error {
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		// Who may write comes first: a refusal says nothing about the input.
		action := "incidentprotocol-aangemaakt"
		if p.ID != "" {
			action = "incidentprotocol-gewijzigd"
			old, err := tx.readProtocol(ctx, p.MunicipalityID, p.ID)
			if err != nil {
				return err
			}
			p.SchoolID, p.Phenomenon = old.SchoolID, old.Phenomenon
		} else if p.SchoolID != "" && !vios.ValidID(p.SchoolID) {
			return vios.Invalid("school", "Kies een school van deze gemeente.", "Het incidentprotocol is niet opgeslagen.")
		}
		res, err := tx.protocolResource(ctx, p.MunicipalityID, p.SchoolID)
		if err != nil {
			return err
		}
		if err := tx.authorize(ctx, vios.ActionEditProtocol, res, "incidentprotocol", p.ID); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if p.ID == "" {
			if err := tx.checkProtocolTarget(ctx, p); err != nil {
				return err
			}
		}
		stored := make([]storedStep, 0, len(p.Steps))
		for _, s := range p.Steps {
			if s.ContactID != "" {
				var n int
				if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE id = ? AND municipality_id = ?`, s.ContactID, p.MunicipalityID).Scan(&n); err != nil {
					return err
				} else if n == 0 {
					return vios.Invalid("stappen", "Een gekozen contactpersoon staat niet (meer) op de sociale kaart; kies een andere.",
						"Het incidentprotocol is niet opgeslagen.")
				}
			}
			stored = append(stored, storedStep{Who: s.Who, Action: s.Action, Call: s.Call, ContactID: s.ContactID})
		}
		steps, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		userID := ""
		if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
			userID = a.User.ID
		}
		p.UpdatedAt = tx.now
		if p.ID == "" {
			p.ID = uuid.NewString()
			err = tx.exec(ctx, `INSERT INTO incident_protocols (id, municipality_id, school_id, phenomenon, steps, updated_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.MunicipalityID, p.SchoolID, p.Phenomenon, string(steps), userID, tx.now, tx.now)
		} else {
			err = tx.exec(ctx, `UPDATE incident_protocols SET steps = ?, updated_by = ?, updated_at = ? WHERE municipality_id = ? AND id = ?`,
				string(steps), userID, tx.now, p.MunicipalityID, p.ID)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "incidentprotocol", ObjectID: p.ID, MunicipalityID: p.MunicipalityID,
			LegalBasis: vios.ActivityDirectory.LegalBasis})
	})
}

// checkProtocolTarget checks a new protocol's school and phenomenon: a
// school of the municipality, a phenomenon of its list, not yet a protocol.
func (tx *Tx) checkProtocolTarget(ctx context.Context, p *vios.IncidentProtocol) error {
	const msg = "Het incidentprotocol is niet opgeslagen."
	var n int
	if p.SchoolID != "" {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
			p.SchoolID, p.MunicipalityID, vios.OrgSchool).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Invalid("school", "Kies een school van deze gemeente.", msg)
		}
	}
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM phenomena WHERE code = ? AND (municipality_id IS NULL OR municipality_id = ?)`,
		p.Phenomenon, p.MunicipalityID).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return vios.Invalid("fenomeen", "Kies een fenomeen uit de lijst.", msg)
	}
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM incident_protocols WHERE municipality_id = ? AND school_id = ? AND phenomenon = ?`,
		p.MunicipalityID, p.SchoolID, p.Phenomenon).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return vios.Invalid("fenomeen", "Er is al een protocol voor dit fenomeen; pas dat aan.", msg)
	}
	return nil
}

// DefaultsFromCovenant makes the municipality's default protocols from the
// action protocol of its newest covenant, for phenomena without one.
func (db *Protocols) DefaultsFromCovenant(ctx context.Context, municipalityID string) (int, error) {
	made := 0
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditProtocol, vios.Resource{MunicipalityID: municipalityID}, "incidentprotocol", ""); err != nil {
			return err
		}
		var covenantID string
		err := tx.queryRow(ctx, `SELECT id FROM covenants WHERE municipality_id = ? ORDER BY created_at DESC, id LIMIT 1`, municipalityID).Scan(&covenantID)
		if errors.Is(err, sql.ErrNoRows) {
			return vios.Invalid("convenant", "Deze gemeente heeft nog geen convenant met een handelingsprotocol.", "Er zijn geen standaardprotocollen gemaakt.")
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT cp.incident, cp.steps FROM covenant_protocol cp
			WHERE cp.covenant_id = ? AND cp.municipality_id = ? AND NOT EXISTS (SELECT 1 FROM incident_protocols ip
			WHERE ip.municipality_id = cp.municipality_id AND ip.school_id = '' AND ip.phenomenon = cp.incident) ORDER BY cp.position`),
			covenantID, municipalityID)
		type row struct{ incident, steps string }
		list, err := scanAll(rows, err, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.incident, &r.steps)
		})
		if err != nil {
			return err
		}
		for _, r := range list {
			steps, _ := json.Marshal(toStored(vios.StepsFromCovenant(r.steps)))
			id := uuid.NewString()
			if err := tx.exec(ctx, `INSERT INTO incident_protocols (id, municipality_id, school_id, phenomenon, steps, created_at, updated_at)
				VALUES (?, ?, '', ?, ?, ?, ?)`, id, municipalityID, r.incident, string(steps), tx.now, tx.now); err != nil {
				return err
			}
			if err := tx.audit(ctx, Audit{Action: "incidentprotocol-aangemaakt", ObjectType: "incidentprotocol", ObjectID: id,
				MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
				return err
			}
			made++
		}
		return nil
	})
	return made, err
}

func toStored(steps []vios.IncidentStep) []storedStep {
	out := make([]storedStep, 0, len(steps))
	for _, s := range steps {
		out = append(out, storedStep{Who: s.Who, Action: s.Action, Call: s.Call, ContactID: s.ContactID})
	}
	return out
}
