package store

import (
	"context"
	"database/sql"

	"github.com/vios-platform/vios"
)

// Measures of a safety plan: action items of the owning school's kernteam,
// linked to the plan in safety_plan_measures. Like an action made of a
// message, a measure lives on the kernteam's latest meeting that began, or
// its next one, so it is followed up with the network's open actions.

// kernteamOf returns the kernteam of the school: its id and name, "" when
// the school has none.
func kernteamOf(ctx context.Context, q querier, db *DB, municipalityID, schoolID string) (string, string, error) {
	var id, name string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT n.id, n.name FROM networks n JOIN network_schools s ON s.network_id = n.id
		WHERE n.municipality_id = ? AND n.kind = ? AND s.organisation_id = ? ORDER BY n.name, n.id LIMIT 1`),
		municipalityID, vios.NetworkKernteam, schoolID).Scan(&id, &name)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	return id, name, err
}

// AddPlanMeasure makes a measure of the plan an action of the owning
// school's kernteam. Who writes the plan adds it (not a partner, not a
// coordinator the school did not let help); the owner is a current member.
func (db *SafetyPlans) AddPlanMeasure(ctx context.Context, municipalityID, planID string, a *vios.ActionItem) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionEditSafetyPlan)
		if err != nil {
			return err
		}
		if err := tx.addPlanMeasure(ctx, p, a); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-maatregel", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// addPlanMeasure adds a to the plan p as a measure, once the caller has
// authorized it: who writes the plan, or an auditor turning advice of the
// school's safety audit into a measure (store/audit_follow.go).
func (tx *Tx) addPlanMeasure(ctx context.Context, p *vios.SafetyPlan, a *vios.ActionItem) error {
	if err := tx.kernteamAction(ctx, p.MunicipalityID, p.OwnerOrgID, p.OwnerName, "een maatregel", a); err != nil {
		return err
	}
	a.PlanID, a.PlanTitle = p.ID, p.Title
	return tx.exec(ctx, `INSERT INTO safety_plan_measures (municipality_id, plan_id, action_id) VALUES (?, ?, ?)`,
		p.MunicipalityID, p.ID, a.ID)
}

// kernteamAction makes a an action item of the school's kernteam, on its
// latest meeting that began or its next one; what names the action in the
// errors ("een maatregel").
func (tx *Tx) kernteamAction(ctx context.Context, municipalityID, schoolID, schoolName, what string, a *vios.ActionItem) error {
	today := vios.Date(tx.now)
	a.MunicipalityID = municipalityID
	if err := a.Validate(today); err != nil {
		return err
	}
	networkID, networkName, err := kernteamOf(ctx, tx, tx.db, municipalityID, schoolID)
	if err != nil {
		return err
	} else if networkID == "" {
		return vios.Errorf(vios.ECONFLICT, "%s heeft geen kernteam: %s wordt in het kernteam van de school opgevolgd. Vraag de regisseur een kernteam voor de school op te zetten.", schoolName, what)
	}
	meetingID, err := tx.followUpMeeting(ctx, municipalityID, networkID)
	if err == sql.ErrNoRows {
		return vios.Errorf(vios.ECONFLICT, "Het kernteam van de school heeft nog geen overleg: %s wordt in een overleg opgevolgd, plan er eerst een.", what)
	} else if err != nil {
		return err
	}
	return tx.insertAction(ctx, &vios.Meeting{ID: meetingID, NetworkID: networkID, NetworkName: networkName}, a, today)
}

// PlanMeasures returns the plan's measures: who reads the plan reads them
// (a measure is part of the plan), and who writes it the possible owners.
func (db *SafetyPlans) PlanMeasures(ctx context.Context, municipalityID, planID string) (*vios.PlanMeasures, error) {
	p, err := db.FindSafetyPlan(ctx, municipalityID, planID)
	if err != nil {
		return nil, err
	}
	out := &vios.PlanMeasures{}
	err = db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		if out.NetworkID, out.NetworkName, err = kernteamOf(ctx, q, db.DB, municipalityID, p.OwnerOrgID); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+actionColumns+actionJoins+` JOIN safety_plan_measures pm ON pm.action_id = a.id
			WHERE pm.plan_id = ? AND a.municipality_id = ? ORDER BY a.due_on, a.created_at, a.id`), p.ID, municipalityID)
		if out.Actions, err = scanAll(rows, err, db.Networks.scanAction); err != nil {
			return err
		}
		if out.FromAudits, err = measureAudits(ctx, q, db.DB, municipalityID, p.ID); err != nil {
			return err
		}
		if out.NetworkID == "" || !may(ctx, vios.ActionEditSafetyPlan, p.Resource(nil)) {
			return nil
		}
		out.Owners, err = kernteamOwners(ctx, q, db.DB, out.NetworkID, vios.Date(db.Now()))
		return err
	})
	return out, err
}
