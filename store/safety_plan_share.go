package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Sharing, comments, versions, helpers and approvers of safety plans, and
// the municipality's overview.

// sharedSource reads a plan shared with the actor's municipality (shared
// within it) or nationally, to copy. Another municipality's plan is read
// in its own tenant and carries no names: only the section texts cross.
func (db *SafetyPlans) sharedSource(ctx context.Context, municipalityID, id string) (*vios.SafetyPlan, error) {
	notShared := vios.Invalid("kopie", "Dit plan is niet gedeeld: kies een plan dat een school heeft gedeeld.", "Het veiligheidsplan is niet aangemaakt.")
	if !vios.ValidID(id) {
		return nil, notShared
	}
	var source, shared string
	if err := db.queryRow(ctx, `SELECT municipality_id, shared FROM safety_plans WHERE id = ?`, id).Scan(&source, &shared); err != nil {
		if err == sql.ErrNoRows {
			return nil, notShared
		}
		return nil, err
	}
	if shared == vios.PlanSharedNot || (shared == vios.PlanSharedMunicipality && source != municipalityID) {
		return nil, notShared
	}
	var p *vios.SafetyPlan
	err := db.readInTenant(ctx, source, func(q querier) error {
		var err error
		p, err = db.loadPlan(ctx, q, source, id)
		return err
	})
	if err == nil && source != municipalityID && p.Status != vios.PlanApproved {
		return nil, notShared // only the approved text crosses
	}
	return p, err
}

// SharedPlans lists the plans shared within the municipality and the
// national examples; a national example names neither school nor place.
func (db *SafetyPlans) SharedPlans(ctx context.Context, municipalityID string) ([]vios.SharedPlan, error) {
	if err := db.authorize(ctx, vios.ActionViewDirectory, vios.Resource{MunicipalityID: municipalityID}, "veiligheidsplan", ""); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT p.id, p.municipality_id, p.title, o.name, p.shared FROM safety_plans p
		JOIN organisations o ON o.id = p.owner_org_id
		WHERE (p.shared = 'gemeente' AND p.municipality_id = ?) OR p.shared = 'landelijk' ORDER BY p.shared, p.title, p.id`, municipalityID)
	return scanAll(rows, err, func(sc scanner) (vios.SharedPlan, error) {
		var s vios.SharedPlan
		var shared string
		err := sc.Scan(&s.ID, &s.MunicipalityID, &s.Title, &s.SchoolName, &shared)
		if shared == vios.PlanSharedNational && s.MunicipalityID != municipalityID {
			s.National, s.SchoolName, s.Title = true, "", "Voorbeeldplan"
		}
		return s, err
	})
}

// SharePlan shares the plan; a national example only when the sharer
// confirms it holds no names.
func (db *SafetyPlans) SharePlan(ctx context.Context, municipalityID, planID, scope string, noNames bool) error {
	if scope != vios.PlanSharedNot && scope != vios.PlanSharedMunicipality && scope != vios.PlanSharedNational {
		return vios.Invalid("delen", "Kies met wie u het plan deelt.", "Het plan is niet gedeeld.")
	}
	if scope == vios.PlanSharedNational && !noNames {
		return vios.Invalid("geenNamen", "Bevestig dat het plan geen namen van personen bevat: landelijk delen kan alleen zonder namen.", "Het plan is niet gedeeld.")
	}
	// A national example leaves the municipality: the school's director or
	// board decides (who may approve), not a helper, and only on an
	// approved, frozen version — a later draft stops the national sharing
	// (ReviseSafetyPlan), so a text no one confirmed never crosses.
	action := vios.ActionEditSafetyPlan
	if scope == vios.PlanSharedNational {
		action = vios.ActionApproveSafetyPlan
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, action)
		if err != nil {
			return err
		}
		if scope == vios.PlanSharedNational && p.Status != vios.PlanApproved {
			return vios.Invalid("delen", "Deel alleen een vastgesteld plan landelijk: stel het eerst vast.", "Het plan is niet gedeeld.")
		}
		if err := tx.exec(ctx, `UPDATE safety_plans SET shared = ? WHERE id = ? AND municipality_id = ?`, scope, p.ID, municipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-gedeeld", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// PlanVersions returns the plan's versions, newest first, with their sections.
func (db *SafetyPlans) PlanVersions(ctx context.Context, municipalityID, planID string) ([]vios.PlanVersion, error) {
	if _, err := db.FindSafetyPlan(ctx, municipalityID, planID); err != nil {
		return nil, err
	}
	var out []vios.PlanVersion
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT v.id, v.version, v.summary, v.snapshot_sealed, v.approved, COALESCE(u.name, ''), v.changed_at
			FROM safety_plan_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.plan_id = ? AND v.municipality_id = ? ORDER BY v.version DESC`),
			planID, municipalityID)
		out, err = scanAll(rows, err, func(sc scanner) (vios.PlanVersion, error) {
			var v vios.PlanVersion
			var id, sealed string
			if err := sc.Scan(&id, &v.Version, &v.Summary, &sealed, &v.Approved, &v.ChangedBy, &v.ChangedAt); err != nil {
				return v, err
			}
			snapshot, err := db.open(municipalityID, "safety_plan_versions", id, "snapshot_sealed", sealed)
			if err != nil {
				return v, err
			}
			return v, json.Unmarshal([]byte(snapshot), &v.Sections)
		})
		return err
	})
	return out, err
}

// AddPlanComment adds a remark of someone helping write the plan.
func (db *SafetyPlans) AddPlanComment(ctx context.Context, municipalityID, planID string, c *vios.PlanComment) error {
	c.Text = strings.TrimSpace(c.Text)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionCommentSafetyPlan)
		if err != nil {
			return err
		}
		if c.Text == "" || len([]rune(c.Text)) > 2000 {
			return vios.Invalid("opmerking", "Schrijf een opmerking van hoogstens 2000 tekens.", "De opmerking is niet geplaatst.")
		}
		if c.SectionID != "" && p.Section(c.SectionID) == nil {
			return vios.Invalid("onderdeel", "Kies een onderdeel van dit plan.", "De opmerking is niet geplaatst.")
		}
		c.ID = uuid.NewString()
		c.CreatedAt = tx.now.Truncate(time.Microsecond)
		sealed, err := tx.db.seal(municipalityID, "safety_plan_comments", c.ID, "text_sealed", c.Text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO safety_plan_comments (id, municipality_id, plan_id, section_id, author_id, text_sealed, key_version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, municipalityID, p.ID, c.SectionID, actorUserID(ctx), sealed, tx.db.activeKey(municipalityID), c.CreatedAt); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-opmerking", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// PlanComments returns the plan's comments, oldest first.
func (db *SafetyPlans) PlanComments(ctx context.Context, municipalityID, planID string) ([]vios.PlanComment, error) {
	if _, err := db.FindSafetyPlan(ctx, municipalityID, planID); err != nil {
		return nil, err
	}
	var out []vios.PlanComment
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT c.id, c.section_id, u.name, c.text_sealed, c.created_at FROM safety_plan_comments c
			JOIN users u ON u.id = c.author_id WHERE c.plan_id = ? AND c.municipality_id = ? ORDER BY c.created_at, c.id`), planID, municipalityID)
		out, err = scanAll(rows, err, func(sc scanner) (vios.PlanComment, error) {
			var c vios.PlanComment
			if err := sc.Scan(&c.ID, &c.SectionID, &c.AuthorName, &c.Text, &c.CreatedAt); err != nil {
				return c, err
			}
			var err error
			c.Text, err = db.open(municipalityID, "safety_plan_comments", c.ID, "text_sealed", c.Text)
			return c, err
		})
		return err
	})
	return out, err
}

// SetPlanHelper gives or takes a coordinator's or the OTSV's right to help
// write the plan; the school decides.
func (db *SafetyPlans) SetPlanHelper(ctx context.Context, municipalityID, planID, userID string, helps bool) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.lockPlan(ctx, municipalityID, planID)
		if err != nil {
			return err
		}
		// Only the school itself: a helper does not pass the right on.
		res := p.Resource(nil)
		res.Plan.Helpers = nil
		if err := tx.authorize(ctx, vios.ActionEditSafetyPlan, res, "veiligheidsplan", p.ID); err != nil {
			return err
		}
		if !helps {
			if err := tx.exec(ctx, `DELETE FROM safety_plan_helpers WHERE plan_id = ? AND user_id = ? AND municipality_id = ?`,
				p.ID, userID, municipalityID); err != nil {
				return err
			}
			return tx.audit(ctx, Audit{Action: "veiligheidsplan-helper-weg", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = ? AND municipality_id = ? AND role IN ('coordinator', 'otsv')`,
			userID, municipalityID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Invalid("helper", "Kies een coördinator of iemand van het OTSV van deze gemeente.", "Er is niemand toegevoegd.")
		}
		if err := tx.exec(ctx, `DELETE FROM safety_plan_helpers WHERE plan_id = ? AND user_id = ?`, p.ID, userID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO safety_plan_helpers (municipality_id, plan_id, user_id) VALUES (?, ?, ?)`, municipalityID, p.ID, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-helper", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// SetPlanApprover marks (or unmarks) a school account as one that may
// approve the plans its school owns: the beheerder decides.
func (db *SafetyPlans) SetPlanApprover(ctx context.Context, municipalityID, schoolID, userID string, may bool) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionSetPlanApprovers, vios.Resource{MunicipalityID: municipalityID}, "gebruiker", userID); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = ? AND municipality_id = ? AND organisation_id = ? AND role = 'school'`,
			userID, municipalityID, schoolID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Invalid("gebruiker", "Alleen een schoolaccount van deze school kan het plan vaststellen.", "Er is niets gewijzigd.")
		}
		if err := tx.exec(ctx, `DELETE FROM safety_plan_approvers WHERE organisation_id = ? AND user_id = ?`, schoolID, userID); err != nil {
			return err
		}
		if may {
			if err := tx.exec(ctx, `INSERT INTO safety_plan_approvers (municipality_id, organisation_id, user_id) VALUES (?, ?, ?)`,
				municipalityID, schoolID, userID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-vaststeller", ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: municipalityID})
	})
}

// PlanOverview gives every school of the municipality with its plan: the
// newest plan the school is covered by.
func (db *SafetyPlans) PlanOverview(ctx context.Context, municipalityID string) ([]vios.PlanOverviewRow, error) {
	if err := db.authorize(ctx, vios.ActionViewPlanOverview, vios.Resource{MunicipalityID: municipalityID}, "veiligheidsplan", ""); err != nil {
		return nil, err
	}
	day := vios.Date(db.Now())
	var out []vios.PlanOverviewRow
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT o.id, o.name, COALESCE(p.id, ''), COALESCE(p.status, ''), p.approved_at, p.review_on, p.created_at
			FROM organisations o LEFT JOIN safety_plan_schools s ON s.organisation_id = o.id
			LEFT JOIN safety_plans p ON p.id = s.plan_id
			WHERE o.municipality_id = ? AND o.kind = 'school' ORDER BY o.name, o.id, CASE WHEN p.owner_org_id = o.id THEN 0 ELSE 1 END, p.created_at DESC`), municipalityID)
		list, err := scanAll(rows, err, func(sc scanner) (vios.PlanOverviewRow, error) {
			var r vios.PlanOverviewRow
			var approved, review, created sql.NullTime
			if err := sc.Scan(&r.SchoolID, &r.SchoolName, &r.PlanID, &r.Status, &approved, &review, &created); err != nil {
				return r, err
			}
			if r.PlanID == "" {
				r.Status = vios.PlanNone
				return r, nil
			}
			since := created.Time
			if approved.Valid {
				r.ApprovedAt, since = &approved.Time, approved.Time
			}
			d := vios.Date(review.Time)
			r.ReviewOn = &d
			if d.Before(day) {
				r.Status = vios.PlanOverdue
			}
			r.AgeDays = int(day.Sub(vios.Date(since)).Hours() / 24)
			return r, nil
		})
		if err != nil {
			return err
		}
		evaluated, err := db.lastEvaluations(ctx, q, municipalityID)
		// A school's own plan is its status; another school's plan that
		// covers it (a board's) only when it has none of its own — a plan
		// of school A naming school B must not hide B's overdue plan.
		seen := map[string]bool{}
		for _, r := range list {
			if !seen[r.SchoolID] {
				seen[r.SchoolID] = true
				if at, ok := evaluated[r.SchoolID]; ok {
					r.LastEvaluation = &at
				}
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// AssignPlanSection lets a partner of one of the school's networks write
// the section; "" gives it back to the school.
func (db *SafetyPlans) AssignPlanSection(ctx context.Context, municipalityID, planID, sectionID, partnerOrgID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionEditSafetyPlan)
		if err != nil {
			return err
		}
		if p.Section(sectionID) == nil {
			return vios.Errorf(vios.ENOTFOUND, "Dit onderdeel bestaat niet.")
		}
		if partnerOrgID != "" {
			// A partner of a network one of the plan's schools takes part in.
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM network_members m JOIN network_schools s ON s.network_id = m.network_id
				JOIN safety_plan_schools ps ON ps.organisation_id = s.organisation_id
				JOIN organisations o ON o.id = m.organisation_id
				WHERE ps.plan_id = ? AND m.organisation_id = ? AND o.kind = 'partner' AND m.municipality_id = ?`, p.ID, partnerOrgID, municipalityID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Invalid("partner", "Kies een partner uit een netwerk van de school.", "Het onderdeel is niet toegewezen.")
			}
		}
		if err := tx.exec(ctx, `UPDATE safety_plan_sections SET partner_org_id = ? WHERE id = ? AND plan_id = ?`, partnerOrgID, sectionID, p.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-onderdeel-toegewezen", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}
