package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// School safety plans: sections sealed (free text may name a person),
// every save a version with a sealed snapshot, approval freezing the plan
// until the next draft is started from it.

const planNotFound = "Dit veiligheidsplan bestaat niet."

// loadPlan reads the plan with its schools, sections (opened), helpers and
// the owner's approvers.
func (db *DB) loadPlan(ctx context.Context, q querier, municipalityID, id string) (*vios.SafetyPlan, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, planNotFound)
	}
	p := &vios.SafetyPlan{}
	var approvedAt sql.NullTime
	var approvedBy sql.NullString
	err := q.QueryRowContext(ctx, db.rebind(`SELECT p.id, p.municipality_id, p.owner_org_id, o.name, p.title, p.status, p.version,
		p.approved_version, u.name, p.approved_at, p.shared, p.based_on, p.review_on, p.created_at, p.updated_at
		FROM safety_plans p JOIN organisations o ON o.id = p.owner_org_id LEFT JOIN users u ON u.id = p.approved_by
		WHERE p.id = ? AND p.municipality_id = ?`), id, municipalityID).Scan(&p.ID, &p.MunicipalityID, &p.OwnerOrgID, &p.OwnerName,
		&p.Title, &p.Status, &p.Version, &p.ApprovedVersion, &approvedBy, &approvedAt, &p.Shared, &p.BasedOn, &p.ReviewOn, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, errNoRows(err, planNotFound)
	}
	p.ReviewOn = vios.Date(p.ReviewOn)
	p.ApprovedBy = approvedBy.String
	if approvedAt.Valid {
		p.ApprovedAt = &approvedAt.Time
	}
	if p.Schools, err = scanStrings(q.QueryContext(ctx, db.rebind(`SELECT organisation_id FROM safety_plan_schools WHERE plan_id = ?
		ORDER BY CASE WHEN organisation_id = ? THEN 0 ELSE 1 END, organisation_id`), p.ID, p.OwnerOrgID)); err != nil {
		return nil, err
	}
	if p.Helpers, err = scanStrings(q.QueryContext(ctx, db.rebind(`SELECT user_id FROM safety_plan_helpers WHERE plan_id = ? ORDER BY user_id`), p.ID)); err != nil {
		return nil, err
	}
	if p.Approvers, err = scanStrings(q.QueryContext(ctx, db.rebind(`SELECT user_id FROM safety_plan_approvers
		WHERE municipality_id = ? AND organisation_id = ? ORDER BY user_id`), municipalityID, p.OwnerOrgID)); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, title, questions, body_sealed, partner_org_id, review_on FROM safety_plan_sections
		WHERE plan_id = ? ORDER BY position`), p.ID)
	p.Sections, err = scanAll(rows, err, func(sc scanner) (vios.PlanSection, error) {
		var s vios.PlanSection
		var review sql.NullTime
		if err := sc.Scan(&s.ID, &s.Title, &s.Questions, &s.Body, &s.PartnerOrgID, &review); err != nil {
			return s, err
		}
		if review.Valid {
			d := vios.Date(review.Time)
			s.ReviewOn = &d
		}
		var err error
		s.Body, err = db.open(municipalityID, "safety_plan_sections", s.ID, "body_sealed", s.Body)
		return s, err
	})
	return p, err
}

// FindSafetyPlan returns the plan, if the actor may read it.
func (db *SafetyPlans) FindSafetyPlan(ctx context.Context, municipalityID, id string) (*vios.SafetyPlan, error) {
	var p *vios.SafetyPlan
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		p, err = db.loadPlan(ctx, q, municipalityID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.authorize(ctx, vios.ActionViewSafetyPlan, p.Resource(nil), "veiligheidsplan", p.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// ListSafetyPlans returns the plans of the municipality the actor may read.
func (db *SafetyPlans) ListSafetyPlans(ctx context.Context, municipalityID string) ([]*vios.SafetyPlan, error) {
	var out []*vios.SafetyPlan
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		ids, err := scanStrings(q.QueryContext(ctx, db.rebind(`SELECT id FROM safety_plans WHERE municipality_id = ? ORDER BY title, id`), municipalityID))
		if err != nil {
			return err
		}
		for _, id := range ids {
			p, err := db.loadPlan(ctx, q, municipalityID, id)
			if err != nil {
				return err
			}
			if may(ctx, vios.ActionViewSafetyPlan, p.Resource(nil)) {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

// worksAsSchool reports whether the actor holds the school role for school.
func worksAsSchool(a *vios.Actor, municipalityID, school string) bool {
	if a == nil || a.User == nil {
		return false
	}
	for _, m := range a.User.Memberships {
		if m.MunicipalityID == municipalityID && m.OrganisationID == school && m.Role == vios.RoleSchool {
			return true
		}
	}
	return false
}

var errNoTemplate = vios.Invalid("sjabloon", "Kies een sjabloon of een gedeeld plan om mee te beginnen.", "Het veiligheidsplan is niet aangemaakt.")

// CreateSafetyPlan starts a plan from a template or a shared plan.
func (db *SafetyPlans) CreateSafetyPlan(ctx context.Context, p *vios.SafetyPlan, template, copyOf string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var sections []vios.PlanSection
	switch {
	case copyOf != "":
		src, err := db.sharedSource(ctx, p.MunicipalityID, copyOf)
		if err != nil {
			return err
		}
		for _, s := range src.Sections {
			// As text only: the partner of another school's section is not ours.
			sections = append(sections, vios.PlanSection{Title: s.Title, Questions: s.Questions, Body: s.Body})
		}
		p.BasedOn = "Kopie van een gedeeld plan"
		if src.MunicipalityID == p.MunicipalityID {
			p.BasedOn = "Kopie van " + src.Title + " (" + src.OwnerName + ")"
		}
	default:
		if t := vios.FindPlanTemplate(template); t != nil {
			sections, p.BasedOn = t.Sections, t.Name
		} else if !strings.HasPrefix(template, vios.OwnTemplatePrefix) {
			return errNoTemplate
		}
	}
	own := copyOf == "" && sections == nil
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		if own {
			// The municipality's own template, read in its own tenant.
			t, err := tx.ownTemplate(ctx, p.MunicipalityID, template)
			if err != nil {
				return err
			} else if t == nil {
				return errNoTemplate
			}
			sections, p.BasedOn = t.Sections, t.Name
		}
		if len(p.Schools) == 0 || p.Schools[0] != p.OwnerOrgID {
			p.Schools = append([]string{p.OwnerOrgID}, p.Schools...)
		}
		seen := map[string]bool{}
		for _, school := range p.Schools {
			var kind string
			err := tx.queryRow(ctx, `SELECT kind FROM organisations WHERE id = ? AND municipality_id = ?`, school, p.MunicipalityID).Scan(&kind)
			if err == sql.ErrNoRows || (err == nil && kind != vios.OrgSchool) {
				return vios.Invalid("school", "Kies een school van deze gemeente: een plan voor een school buiten de gemeente kan hier niet worden gemaakt.",
					"Het veiligheidsplan is niet aangemaakt.")
			} else if err != nil {
				return err
			}
			// A board's plan covers only schools its writer works for: a
			// plan of school A naming school B would stand for B's plan in
			// the municipality's overview and open A's text to B, without B.
			if school != p.OwnerOrgID && !worksAsSchool(vios.ActorFromContext(ctx), p.MunicipalityID, school) {
				return vios.Invalid("scholen", "Neem alleen scholen op waarvoor u zelf werkt (een plan van het schoolbestuur); een andere school maakt een eigen plan.",
					"Het veiligheidsplan is niet aangemaakt.")
			}
			seen[school] = true
		}
		p.Schools = keysInOrder(p.Schools, seen)
		if err := tx.authorize(ctx, vios.ActionEditSafetyPlan, vios.Resource{MunicipalityID: p.MunicipalityID,
			Plan: &vios.PlanAccess{Schools: p.Schools}}, "veiligheidsplan", ""); err != nil {
			return err
		}
		p.ID = uuid.NewString()
		p.Status, p.Version, p.Shared = vios.PlanDraft, 1, vios.PlanSharedNot
		p.ReviewOn = vios.Date(p.ReviewOn)
		p.CreatedAt = tx.now.Truncate(time.Microsecond)
		p.UpdatedAt = p.CreatedAt
		if err := tx.exec(ctx, `INSERT INTO safety_plans (id, municipality_id, owner_org_id, title, status, version, shared, based_on,
			review_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.MunicipalityID, p.OwnerOrgID, p.Title,
			p.Status, p.Version, p.Shared, p.BasedOn, p.ReviewOn, p.CreatedAt, p.UpdatedAt); err != nil {
			return fmt.Errorf("insert safety plan: %w", err)
		}
		for _, school := range p.Schools {
			if err := tx.exec(ctx, `INSERT INTO safety_plan_schools (municipality_id, plan_id, organisation_id) VALUES (?, ?, ?)`,
				p.MunicipalityID, p.ID, school); err != nil {
				return err
			}
		}
		p.Sections = nil
		for i, s := range sections {
			s.ID = uuid.NewString()
			if err := tx.insertSection(ctx, p, i, s); err != nil {
				return err
			}
			p.Sections = append(p.Sections, s)
		}
		if err := tx.planVersion(ctx, p, "Eerste versie: "+p.BasedOn, false); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-aangemaakt", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: p.MunicipalityID})
	})
}

func keysInOrder(list []string, seen map[string]bool) []string {
	var out []string
	for _, k := range list {
		if seen[k] {
			out = append(out, k)
			delete(seen, k)
		}
	}
	return out
}

func (tx *Tx) insertSection(ctx context.Context, p *vios.SafetyPlan, position int, s vios.PlanSection) error {
	body, err := tx.db.seal(p.MunicipalityID, "safety_plan_sections", s.ID, "body_sealed", s.Body)
	if err != nil {
		return err
	}
	return tx.exec(ctx, `INSERT INTO safety_plan_sections (id, municipality_id, plan_id, position, title, questions, body_sealed, key_version,
		partner_org_id, review_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, p.MunicipalityID, p.ID, position, s.Title,
		s.Questions, body, tx.db.activeKey(p.MunicipalityID), s.PartnerOrgID, datePtr(s.ReviewOn), tx.now)
}

// planVersion keeps the plan's sections as they are now.
func (tx *Tx) planVersion(ctx context.Context, p *vios.SafetyPlan, summary string, approved bool) error {
	snapshot, err := json.Marshal(p.Sections)
	if err != nil {
		return err
	}
	id := uuid.NewString()
	sealed, err := tx.db.seal(p.MunicipalityID, "safety_plan_versions", id, "snapshot_sealed", string(snapshot))
	if err != nil {
		return err
	}
	return tx.exec(ctx, `INSERT INTO safety_plan_versions (id, municipality_id, plan_id, version, summary, snapshot_sealed, key_version,
		approved, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, p.MunicipalityID, p.ID, p.Version, summary, sealed,
		tx.db.activeKey(p.MunicipalityID), approved, actorUserID(ctx), tx.now)
}

func actorUserID(ctx context.Context) string {
	if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
		return a.User.ID
	}
	return ""
}

// lockPlan reads the plan in tx for a change. On PostgreSQL the plan's row
// is locked first, so that an approval and a section's save cannot
// interleave: the approval would freeze a version its approver never saw,
// or a save after it would put the plan back to draft. SQLite's single
// writer serialises them already.
func (tx *Tx) lockPlan(ctx context.Context, municipalityID, id string) (*vios.SafetyPlan, error) {
	if tx.db.dialect == Postgres {
		var locked string
		if err := tx.queryRow(ctx, `SELECT id FROM safety_plans WHERE id = ? AND municipality_id = ? FOR UPDATE`, id, municipalityID).Scan(&locked); err != nil {
			return nil, errNoRows(err, planNotFound)
		}
	}
	return tx.db.loadPlan(ctx, tx, municipalityID, id)
}

// planFor reads the plan in tx and authorizes action on it.
func (tx *Tx) planFor(ctx context.Context, municipalityID, id string, action vios.Action) (*vios.SafetyPlan, error) {
	p, err := tx.lockPlan(ctx, municipalityID, id)
	if err != nil {
		return nil, err
	}
	return p, tx.authorize(ctx, action, p.Resource(nil), "veiligheidsplan", p.ID)
}

var errPlanFrozen = vios.Errorf(vios.ECONFLICT, "Dit veiligheidsplan is vastgesteld en kan niet meer worden gewijzigd. Begin een nieuwe versie om het aan te passen.")

// UpdatePlanSection saves a section's text as the plan's next version.
func (db *SafetyPlans) UpdatePlanSection(ctx context.Context, municipalityID, planID, sectionID, body string, basedOn int) error {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if err := vios.ValidateSectionText(body); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.lockPlan(ctx, municipalityID, planID)
		if err != nil {
			return err
		}
		s := p.Section(sectionID)
		if s == nil {
			return vios.Errorf(vios.ENOTFOUND, "Dit onderdeel bestaat niet.")
		}
		if err := tx.authorize(ctx, vios.ActionEditPlanSection, p.Resource(s), "veiligheidsplan", p.ID); err != nil {
			return err
		}
		if p.Status == vios.PlanApproved {
			return errPlanFrozen
		}
		if basedOn != 0 && basedOn != p.Version {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft het plan intussen gewijzigd. Uw tekst is niet opgeslagen; laad de pagina opnieuw.")
		}
		if s.Body == body {
			return nil
		}
		s.Body = body
		sealed, err := tx.db.seal(municipalityID, "safety_plan_sections", s.ID, "body_sealed", body)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE safety_plan_sections SET body_sealed = ?, key_version = ?, updated_at = ? WHERE id = ? AND municipality_id = ?`,
			sealed, tx.db.activeKey(municipalityID), tx.now, s.ID, municipalityID); err != nil {
			return err
		}
		if err := tx.bumpPlan(ctx, p); err != nil {
			return err
		}
		if err := tx.planVersion(ctx, p, "Onderdeel gewijzigd: "+s.Title, false); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-gewijzigd", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

func (tx *Tx) bumpPlan(ctx context.Context, p *vios.SafetyPlan) error {
	p.Version++
	p.UpdatedAt = tx.now.Truncate(time.Microsecond)
	return tx.exec(ctx, `UPDATE safety_plans SET version = ?, status = ?, updated_at = ? WHERE id = ? AND municipality_id = ?`,
		p.Version, p.Status, p.UpdatedAt, p.ID, p.MunicipalityID)
}

// ApproveSafetyPlan approves the plan's current version, if it is the
// version seen: a section saved after the approver read the plan would
// otherwise be approved unread.
func (db *SafetyPlans) ApproveSafetyPlan(ctx context.Context, municipalityID, planID string, seen int) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionApproveSafetyPlan)
		if err != nil {
			return err
		}
		if p.Status == vios.PlanApproved {
			return vios.Errorf(vios.ECONFLICT, "Deze versie van het plan is al vastgesteld.")
		}
		if seen <= 0 {
			return vios.Invalid("versie", "Geef de versie van het plan die u hebt gelezen.", "Het plan is niet vastgesteld.")
		}
		if seen != p.Version {
			return vios.Errorf(vios.ECONFLICT, "Het plan is gewijzigd nadat u versie %d las; het is nu versie %d. Er is niets vastgesteld: lees de wijzigingen en stel dan de nieuwe versie vast.", seen, p.Version)
		}
		if err := tx.exec(ctx, `UPDATE safety_plans SET status = ?, approved_version = version, approved_by = ?, approved_at = ?, updated_at = ?
			WHERE id = ? AND municipality_id = ?`, vios.PlanApproved, actorUserID(ctx), tx.now, tx.now, p.ID, municipalityID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE safety_plan_versions SET approved = ? WHERE plan_id = ? AND version = ?`, true, p.ID, p.Version); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-vastgesteld", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// ReviseSafetyPlan starts the next draft from the approved version.
func (db *SafetyPlans) ReviseSafetyPlan(ctx context.Context, municipalityID, planID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionEditSafetyPlan)
		if err != nil {
			return err
		}
		if p.Status != vios.PlanApproved {
			return vios.Errorf(vios.ECONFLICT, "Het plan is al een concept: u kunt het gewoon wijzigen.")
		}
		p.Status = vios.PlanDraft
		if err := tx.bumpPlan(ctx, p); err != nil {
			return err
		}
		// The new draft is no one's confirmed text: it is not a national
		// example until approved and shared again (SharePlan).
		if err := tx.exec(ctx, `UPDATE safety_plans SET shared = ? WHERE id = ? AND municipality_id = ? AND shared = ?`,
			vios.PlanSharedMunicipality, p.ID, municipalityID, vios.PlanSharedNational); err != nil {
			return err
		}
		if err := tx.planVersion(ctx, p, fmt.Sprintf("Nieuw concept op basis van vastgestelde versie %d", p.ApprovedVersion), false); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-herzien", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}
