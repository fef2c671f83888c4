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

// A municipality's own plan templates (plan_templates): the sections and
// guiding questions its regisseur or beheerder wrote, offered beside the
// national two to the municipality's schools.

type templateSection struct {
	Title     string `json:"titel"`
	Questions string `json:"vragen"`
}

// PlanTemplates returns the national templates, then the municipality's
// own by name: for whoever may start a plan there.
func (db *SafetyPlans) PlanTemplates(ctx context.Context, municipalityID string) ([]vios.PlanTemplate, error) {
	if err := db.authorize(ctx, vios.ActionViewDirectory, vios.Resource{MunicipalityID: municipalityID}, "veiligheidsplan", ""); err != nil {
		return nil, err
	}
	out := append([]vios.PlanTemplate{}, vios.PlanTemplates...)
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, name, sections, updated_at FROM plan_templates
			WHERE municipality_id = ? ORDER BY name, id`), municipalityID)
		own, err := scanAll(rows, err, func(sc scanner) (vios.PlanTemplate, error) {
			t := vios.PlanTemplate{MunicipalityID: municipalityID}
			var id, sections string
			if err := sc.Scan(&id, &t.Name, &sections, &t.UpdatedAt); err != nil {
				return t, err
			}
			t.Code, t.UpdatedAt = vios.OwnTemplatePrefix+id, t.UpdatedAt.UTC()
			t.Sections, err = decodeTemplateSections(sections)
			return t, err
		})
		out = append(out, own...)
		return err
	})
	return out, err
}

// ownTemplate reads one of the municipality's own templates by its code.
func (tx *Tx) ownTemplate(ctx context.Context, municipalityID, code string) (*vios.PlanTemplate, error) {
	id, ok := strings.CutPrefix(code, vios.OwnTemplatePrefix)
	if !ok || !vios.ValidID(id) {
		return nil, nil
	}
	t := &vios.PlanTemplate{Code: code, MunicipalityID: municipalityID}
	var sections string
	err := tx.queryRow(ctx, `SELECT name, sections, updated_at FROM plan_templates WHERE municipality_id = ? AND id = ?`,
		municipalityID, id).Scan(&t.Name, &sections, &t.UpdatedAt)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	t.Sections, err = decodeTemplateSections(sections)
	return t, err
}

func decodeTemplateSections(s string) ([]vios.PlanSection, error) {
	var list []templateSection
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, err
	}
	out := make([]vios.PlanSection, len(list))
	for i, s := range list {
		out[i] = vios.PlanSection{Title: s.Title, Questions: s.Questions}
	}
	return out, nil
}

// SavePlanTemplate creates an own template (t.Code "") or changes one.
func (db *SafetyPlans) SavePlanTemplate(ctx context.Context, t *vios.PlanTemplate) error {
	if err := t.Validate(); err != nil {
		return err
	}
	list := make([]templateSection, len(t.Sections))
	for i, s := range t.Sections {
		list[i] = templateSection{Title: strings.TrimSpace(s.Title), Questions: strings.TrimSpace(s.Questions)}
	}
	sections, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return db.inTenant(ctx, t.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditPlanTemplates, vios.Resource{MunicipalityID: t.MunicipalityID}, "veiligheidsplan-sjabloon", ""); err != nil {
			return err
		}
		var taken int
		id, _ := strings.CutPrefix(t.Code, vios.OwnTemplatePrefix)
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM plan_templates WHERE municipality_id = ? AND name = ? AND id <> ?`,
			t.MunicipalityID, t.Name, id).Scan(&taken); err != nil {
			return err
		} else if taken > 0 {
			return vios.Invalid("naam", "Er is al een sjabloon met deze naam; kies een andere naam.", "Het sjabloon is niet opgeslagen.")
		}
		now := tx.now.Truncate(time.Microsecond)
		t.UpdatedAt = now
		action := "sjabloon-gewijzigd"
		if t.Code == "" {
			id, action = uuid.NewString(), "sjabloon-gemaakt"
			t.Code = vios.OwnTemplatePrefix + id
			if err := tx.exec(ctx, `INSERT INTO plan_templates (id, municipality_id, name, sections, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, t.MunicipalityID, t.Name, string(sections), now, now); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE plan_templates SET name = ?, sections = ?, updated_at = ?
				WHERE municipality_id = ? AND id = ?`), t.Name, string(sections), now, t.MunicipalityID, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return vios.Errorf(vios.ENOTFOUND, "Dit sjabloon bestaat niet.")
			}
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "veiligheidsplan-sjabloon", ObjectID: id, MunicipalityID: t.MunicipalityID})
	})
}

// DeletePlanTemplate removes an own template; plans started from it keep
// their sections and say what they were based on.
func (db *SafetyPlans) DeletePlanTemplate(ctx context.Context, municipalityID, code string) error {
	id, ok := strings.CutPrefix(code, vios.OwnTemplatePrefix)
	if !ok || !vios.ValidID(id) {
		return vios.Errorf(vios.ENOTFOUND, "Dit sjabloon bestaat niet.")
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditPlanTemplates, vios.Resource{MunicipalityID: municipalityID}, "veiligheidsplan-sjabloon", id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.db.rebind(`DELETE FROM plan_templates WHERE municipality_id = ? AND id = ?`), municipalityID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit sjabloon bestaat niet.")
		}
		return tx.audit(ctx, Audit{Action: "sjabloon-verwijderd", ObjectType: "veiligheidsplan-sjabloon", ObjectID: id, MunicipalityID: municipalityID})
	})
}
